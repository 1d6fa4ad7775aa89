/**
 * Exits with `code` once everything written to stdout and stderr has left the process.
 * `process.exit` right away drops what a pipe has not taken yet: `ocr --json dir/ | slow-reader`
 * lost every line past the pipe's 64 KB buffer and still exited 0. Writes to one stream complete
 * in order, so an empty write's callback means the ones before it are out.
 */
export function exitWhenWritten(code: number): void {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
