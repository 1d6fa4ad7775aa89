// The demo page at `/`: submits an image through the public async API (POST /v1/jobs), polls
// GET /v1/jobs/{id} until the job finishes, and draws the boxes over the image in an SVG. It
// uses nothing the API does not offer to any client, and keeps the API key in this page only.
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
let chosen;

// Red at confidence 0.5 and below, green at 1: the same scale as the annotated PNGs.
function colour(confidence) {
  const t = Math.min(1, Math.max(0, (confidence - 0.5) / 0.5));
  return `hsl(${Math.round(120 * t)},85%,38%)`;
}

function setStatus(text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

function choose(file) {
  chosen = file;
  $('picture').src = URL.createObjectURL(file);
  $('drop').querySelector('span').textContent = file.name;
}

function headers() {
  const key = $('api-key').value.trim();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function problem(res) {
  try {
    const body = await res.json();
    return `${res.status} ${body.code ?? ''}: ${body.detail ?? body.title ?? ''}`;
  } catch {
    return `${res.status} ${res.statusText}`;
  }
}

async function submit() {
  if (!chosen) return setStatus('Choose an image first.', true);
  const body = new FormData();
  body.append('image', chosen, chosen.name);
  body.append('language', $('language').value.trim() || 'en');
  body.append('confidence_threshold', $('threshold').value || '0.5');
  $('submit').disabled = true;
  $('result').hidden = true;
  try {
    setStatus('Uploading…');
    const accepted = await fetch('/v1/jobs', { method: 'POST', headers: headers(), body });
    if (!accepted.ok) return setStatus(await problem(accepted), true);
    const { id } = await accepted.json();
    let view;
    do {
      setStatus(`Job ${id}: ${view?.status ?? 'queued'}…`);
      const res = await fetch(`/v1/jobs/${encodeURIComponent(id)}?wait=10`, { headers: headers() });
      if (!res.ok) return setStatus(await problem(res), true);
      view = await res.json();
    } while (view.status === 'queued' || view.status === 'active');
    if (view.status !== 'completed') {
      return setStatus(`Job ${id} ${view.status}: ${view.error?.code ?? ''} ${view.error?.message ?? ''}`, true);
    }
    show(view);
    setStatus(`Job ${id} completed: ${view.result.text_boxes.length} boxes.`);
  } catch (error) {
    setStatus(String(error), true);
  } finally {
    $('submit').disabled = false;
  }
}

function show(view) {
  const result = view.result;
  const overlay = $('overlay');
  overlay.replaceChildren();
  overlay.setAttribute('viewBox', `0 0 ${result.width} ${result.height}`);
  const list = $('boxes');
  list.replaceChildren();
  result.text_boxes.forEach((box, i) => {
    const polygon = document.createElementNS(SVG, 'polygon');
    polygon.setAttribute('points', box.box.map(([x, y]) => `${x},${y}`).join(' '));
    polygon.setAttribute('fill', 'none');
    polygon.setAttribute('stroke', colour(box.confidence));
    polygon.setAttribute('stroke-width', String(Math.max(2, Math.min(result.width, result.height) / 300)));
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(box.box[0][0]));
    label.setAttribute('y', String(box.box[0][1]));
    label.setAttribute('style', `fill:${colour(box.confidence)}`);
    label.textContent = String(i + 1);
    overlay.append(polygon, label);
    const item = document.createElement('li');
    const confidence = document.createElement('span');
    confidence.className = 'confidence';
    confidence.textContent = ` (${box.confidence.toFixed(2)})`;
    item.append(box.text, confidence);
    list.append(item);
  });
  const rows = [
    ...Object.entries(result.timings_ms).map(([stage, ms]) => [stage, `${ms.toFixed(1)} ms`]),
    ['queued to finished', `${Date.parse(view.finished_at) - Date.parse(view.submitted_at)} ms`],
    ['language', result.language],
    ['turned', `${result.angle}°`],
    ['model', `${result.model.engine} ${result.model.name}`],
  ];
  $('timings').replaceChildren(
    ...rows.map(([name, value]) => {
      const tr = document.createElement('tr');
      for (const text of [name, value]) tr.append(Object.assign(document.createElement('td'), { textContent: text }));
      return tr;
    }),
  );
  $('result').hidden = false;
}

$('image').addEventListener('change', () => $('image').files[0] && choose($('image').files[0]));
$('drop').addEventListener('dragover', (event) => {
  event.preventDefault();
  $('drop').classList.add('over');
});
$('drop').addEventListener('dragleave', () => $('drop').classList.remove('over'));
$('drop').addEventListener('drop', (event) => {
  event.preventDefault();
  $('drop').classList.remove('over');
  const file = event.dataTransfer.files[0];
  if (file) choose(file);
});
$('ocr-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void submit();
});
