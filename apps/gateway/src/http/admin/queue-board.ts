import type { RequestHandler } from 'express';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';

/**
 * Bull Board, the queue dashboard for people, as an express handler to mount at `basePath`. It
 * must sit behind `authenticateAdmin` with the operators' own keys: it shows every tenant's jobs and
 * can retry, remove or empty them.
 */
export interface QueueBoardOptions {
  basePath: string;
}

export function queueBoard(queue: Queue, options: QueueBoardOptions): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(options.basePath);
  createBullBoard({
    queues: [new BullMQAdapter(queue, { allowRetries: true })],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'ocr-pool' } },
  });
  // The adapter types its router as `any`; it is an express Router.
  return serverAdapter.getRouter() as RequestHandler;
}
