/**
 * The inline style sheet and script of the HTML sheet. Both are constants, so the page's
 * Content-Security-Policy can allow exactly them by hash and nothing else.
 */

export const sheetCss = `
:root {
  --bg: #f4f6f8; --card: #ffffff; --text: #1d2d3e; --muted: #5b6b7b; --line: #d9e0e6;
  --accent: #0a6ed1; --accent-soft: #e8f2fc; --code-bg: #f2f5f8;
  --good: #107e3e; --good-soft: #e7f4ec; --info: #0a6ed1; --info-soft: #e8f2fc;
  --warn: #a45a00; --warn-soft: #fdf3e4; --done: #107e3e;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12171c; --card: #1b232b; --text: #e6edf3; --muted: #9aa8b5; --line: #2e3a46;
    --accent: #4da3ff; --accent-soft: #1c2f44; --code-bg: #151c23;
    --good: #4cc38a; --good-soft: #173326; --info: #4da3ff; --info-soft: #1c2f44;
    --warn: #f0a545; --warn-soft: #3a2a14; --done: #4cc38a;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.wrap { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
code, pre { font-family: var(--mono); font-size: 0.92em; }
p code, li code, td code, .source code, .note code {
  background: var(--code-bg); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px;
  overflow-wrap: anywhere;
}
a { color: var(--accent); }
.page-header { background: var(--card); border-bottom: 1px solid var(--line); padding: 28px 0 20px; margin-bottom: 24px; }
.eyebrow { margin: 0; color: var(--accent); font-weight: 600; font-size: 13px; letter-spacing: .04em; text-transform: uppercase; }
h1 { margin: 4px 0 2px; font-size: 26px; line-height: 1.25; }
.subtitle { margin: 0; font-size: 17px; color: var(--muted); }
.meta { margin: 12px 0 0; color: var(--muted); font-size: 13.5px; overflow-wrap: anywhere; }
.progress { display: flex; align-items: center; gap: 12px; margin-top: 16px; font-size: 13.5px; color: var(--muted); }
.bar { flex: 1; max-width: 320px; height: 8px; border-radius: 4px; background: var(--line); overflow: hidden; }
.bar-fill { height: 100%; width: 0; background: var(--done); transition: width .2s; }
.card, .step { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; margin-bottom: 20px; }
.card h2 { margin: 0 0 12px; font-size: 17px; }
.warnings { border-color: var(--warn); background: var(--warn-soft); }
.warnings h2 { color: var(--warn); }
.warnings ul { margin: 0; padding-left: 20px; }
.warnings li { margin: 4px 0; overflow-wrap: anywhere; }
.toc ol { margin: 0; padding-left: 0; list-style: none; columns: 2; column-gap: 32px; }
.toc li { margin: 0; padding: 3px 0; break-inside: avoid; }
.toc a { display: flex; text-decoration: none; }
.toc a:hover { text-decoration: underline; }
.toc .toc-done a { color: var(--done); }
.toc .toc-number { flex: none; min-width: 2em; color: var(--muted); }
.step { scroll-margin-top: 16px; }
.step.is-done { border-color: var(--done); }
.step-header { display: flex; align-items: flex-start; gap: 14px; margin-bottom: 8px; }
.step-number {
  flex: none; width: 34px; height: 34px; border-radius: 50%; display: grid; place-items: center;
  background: var(--accent-soft); color: var(--accent); font-weight: 700;
}
.step.is-done .step-number { background: var(--good-soft); color: var(--done); }
.step-title { flex: 1; min-width: 0; }
.transaction { margin: 0; font: 600 12.5px/1.4 var(--mono); color: var(--accent); letter-spacing: .03em; }
.step h2 { margin: 0; font-size: 18px; line-height: 1.35; }
.done { flex: none; display: flex; align-items: center; gap: 6px; font-size: 13.5px; color: var(--muted); cursor: pointer; user-select: none; padding-top: 6px; }
.done input { width: 18px; height: 18px; accent-color: var(--done); margin: 0; cursor: pointer; }
.instructions { margin: 8px 0 12px; padding-left: 22px; }
.instructions li { margin: 4px 0; overflow-wrap: anywhere; }
.group { margin-top: 14px; }
.group h3 { margin: 0 0 6px; font-size: 14px; color: var(--muted); font-weight: 600; display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.group-description { margin: 0 0 8px; font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
.badge { font-size: 11.5px; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; border-radius: 999px; padding: 1px 8px; }
.badge-good { color: var(--good); background: var(--good-soft); }
.badge-info { color: var(--info); background: var(--info-soft); }
.badge-warn { color: var(--warn); background: var(--warn-soft); }
.fields { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.field {
  display: grid; grid-template-columns: minmax(9rem, 15rem) minmax(0, 1fr) 5.5rem; gap: 4px 16px;
  align-items: start; padding: 10px 14px; border-top: 1px solid var(--line);
}
.field:first-child { border-top: 0; }
.label { font-weight: 600; font-size: 14px; padding-top: 2px; overflow-wrap: anywhere; }
.value-cell { min-width: 0; }
.value {
  display: block; min-width: 0; font-family: var(--mono); font-size: 14px; line-height: 1.5;
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word;
  background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: 3px 8px;
}
.value.empty { font-family: inherit; font-style: italic; color: var(--muted); background: transparent; border-style: dashed; }
.source { margin-top: 3px; font-size: 12.5px; color: var(--muted); overflow-wrap: anywhere; }
.copy {
  justify-self: end; min-width: 5.5rem; font: 600 13px/1 system-ui, sans-serif; color: var(--accent);
  background: var(--card); border: 1px solid var(--accent); border-radius: 6px; padding: 7px 10px; cursor: pointer;
}
.copy:hover { background: var(--accent-soft); }
.copy:focus-visible, .done input:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.copy.copied { color: var(--good); border-color: var(--good); background: var(--good-soft); }
.copy.failed { color: var(--warn); border-color: var(--warn); background: var(--warn-soft); }
.notes { margin-top: 14px; }
.note { margin: 6px 0 0; padding: 8px 12px; border-left: 3px solid var(--accent); background: var(--accent-soft); border-radius: 0 6px 6px 0; font-size: 14px; overflow-wrap: anywhere; }
details.attachment { margin-top: 12px; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; }
details.attachment summary { cursor: pointer; font-weight: 600; font-size: 14px; }
.attachment-body { display: grid; grid-template-columns: minmax(0, 1fr) 5.5rem; gap: 12px; align-items: start; margin-top: 10px; }
pre.value { margin: 0; font-size: 12.5px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
th { color: var(--muted); font-size: 13px; border-top: 0; }
.summary { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px 24px; margin: 0; }
.summary-item { min-width: 0; }
.summary dt { font-size: 12.5px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.summary dd { margin: 2px 0 0; }
footer { color: var(--muted); font-size: 13px; padding: 8px 0 40px; }
.clipboard-buffer { position: fixed; top: 0; left: 0; width: 1px; height: 1px; opacity: 0; }
@media (max-width: 900px) {
  .field { grid-template-columns: minmax(0, 1fr) 5.5rem; }
  .field .label { grid-column: 1 / -1; }
}
@media (max-width: 720px) {
  .wrap { padding: 0 14px; }
  .toc ol { columns: 1; }
  .summary { grid-template-columns: minmax(0, 1fr); }
  .card, .step { padding: 16px; }
}
@media print {
  body { background: #fff; }
  .copy, .progress { display: none; }
  .card, .step { break-inside: avoid; }
  .field { grid-template-columns: minmax(9rem, 15rem) minmax(0, 1fr); }
}
`.trim();

export const sheetScript = `
(function () {
  'use strict';
  var storageKey = 'aicore-mtls.s4-sheet.' + document.body.getAttribute('data-sheet-id');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-step]'));
  var state = {};
  try { state = JSON.parse(window.localStorage.getItem(storageKey) || '{}') || {}; } catch (error) { state = {}; }

  function update() {
    var done = 0;
    boxes.forEach(function (box) {
      if (box.checked) done += 1;
      var step = document.getElementById('step-' + box.getAttribute('data-step'));
      if (step) step.classList.toggle('is-done', box.checked);
      var entry = document.querySelector('[data-toc="' + box.getAttribute('data-step') + '"]');
      if (entry) entry.classList.toggle('toc-done', box.checked);
    });
    var text = document.getElementById('progress-text');
    if (text) text.textContent = done + ' of ' + boxes.length + ' steps done';
    var bar = document.getElementById('progress-bar');
    if (bar) bar.style.width = (boxes.length ? (100 * done / boxes.length) : 0) + '%';
  }

  boxes.forEach(function (box) {
    box.checked = state[box.getAttribute('data-step')] === true;
    box.addEventListener('change', function () {
      state[box.getAttribute('data-step')] = box.checked;
      try { window.localStorage.setItem(storageKey, JSON.stringify(state)); } catch (error) { /* storage blocked: state lasts for this view */ }
      update();
    });
  });
  update();

  function copyWithSelection(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'clipboard-buffer';
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand('copy'); } catch (error) { copied = false; }
    document.body.removeChild(area);
    return copied;
  }

  function show(button, copied) {
    var label = button.getAttribute('data-label') || button.textContent;
    button.setAttribute('data-label', label);
    button.textContent = copied ? 'Copied' : 'Press Ctrl+C';
    button.classList.toggle('copied', copied);
    button.classList.toggle('failed', !copied);
    window.clearTimeout(Number(button.getAttribute('data-timer')));
    button.setAttribute('data-timer', String(window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove('copied', 'failed');
    }, 1600)));
  }

  function selectValue(button) {
    var target = document.getElementById(button.getAttribute('data-target'));
    if (!target) return;
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button.copy') : null;
    if (!button) return;
    var text = button.getAttribute('data-value');
    var done = function (copied) {
      if (!copied) selectValue(button);
      show(button, copied);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(copyWithSelection(text)); });
    } else {
      done(copyWithSelection(text));
    }
  });
})();
`.trim();
