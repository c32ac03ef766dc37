/// The stylesheet and the script, served by the app itself (no CDN, no build step).
enum Assets {
    static let css = """
        :root { --fg: #1d232a; --muted: #5b6570; --line: #d9dee3; --accent: #2458a6; --error: #b3261e;
          --warning: #9a6700; --info: #28708a; --ok: #1f7a3a; font-family: system-ui, sans-serif; color: var(--fg); }
        body { margin: 0; background: #f6f7f9; }
        header.top { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; padding: .5rem 1rem;
          background: #fff; border-bottom: 1px solid var(--line); }
        header.top .brand { font-weight: 700; color: var(--fg); text-decoration: none; }
        header.top nav a { margin-right: .75rem; }
        header.top form { margin: 0; }
        .help-button { margin-left: auto; }
        main { padding: 1rem; max-width: 1200px; }
        h1 { font-size: 1.3rem; margin: .25rem 0 1rem; }
        h1 .count, h1 .meta { font-size: .9rem; font-weight: 400; color: var(--muted); }
        h2 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
        a { color: var(--accent); }
        kbd { font: .75rem ui-monospace, monospace; border: 1px solid var(--line); border-bottom-width: 2px;
          border-radius: 3px; padding: 0 .3rem; background: #fff; color: var(--muted); }
        .notice { margin: .75rem 1rem 0; padding: .6rem .8rem; border-radius: 4px; background: #e7f3ea;
          border: 1px solid #b7dcc1; }
        .notice.error { background: #fdecea; border-color: #f4c1bc; color: var(--error); }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: 1rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { font-size: .8rem; color: var(--muted); font-weight: 600; }
        table.queue tbody tr { cursor: pointer; }
        table.queue tbody tr.selected { background: #e8f0fb; outline: 2px solid var(--accent); outline-offset: -2px; }
        td.excerpt { color: var(--fg); max-width: 40rem; }
        td.checks { font-size: .85rem; color: var(--muted); }
        .sev, .status { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: 3px;
          border: 1px solid currentColor; }
        .sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
        .sev-none { color: var(--muted); }
        .status-approved { color: var(--ok); } .status-rejected { color: var(--error); }
        .status-pending { color: var(--muted); }
        .pager { margin: .75rem 0; display: flex; gap: 1rem; }
        .bulk { margin-top: 1.5rem; padding: .75rem; background: #fff; border: 1px solid var(--line); }
        .bulk h2 { margin-top: 0; }
        .hint { color: var(--muted); font-size: .85rem; }
        .example-nav { display: flex; gap: 1rem; margin-bottom: .5rem; }
        .provenance { color: var(--muted); font-size: .85rem; margin-top: -.5rem; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .75rem 0; }
        .actions form { margin: 0; display: flex; gap: .25rem; }
        details.edit form { display: grid; gap: .5rem; margin-top: .5rem; }
        details.edit textarea { width: 100%; font: .9rem ui-monospace, monospace; }
        .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
        pre.text { white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid var(--line);
          padding: .6rem; margin: 0; font: .9rem/1.45 ui-monospace, monospace; }
        pre.text.response { margin-top: .5rem; }
        pre.text.edited { border-color: var(--accent); }
        mark { background: #ffe58a; border-bottom: 2px solid var(--warning); }
        mark.sev-error { background: #ffd2cc; border-bottom-color: var(--error); }
        mark.sev-info { background: #d6eef5; border-bottom-color: var(--info); }
        .side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
        del { background: #ffd2cc; color: var(--error); }
        ins { background: #d3f0da; color: var(--ok); text-decoration: underline; }
        .suggestion { padding: .5rem .75rem; background: #eef4fd; border: 1px solid #c9dbf5; }
        .evidence .key { color: var(--muted); }
        .evidence div { font-size: .85rem; }
        ol.thread { list-style: none; padding: 0; display: grid; gap: .5rem; }
        .turn .role { font-size: .75rem; color: var(--muted); text-transform: uppercase; }
        .turn.role-assistant pre.text { background: #f3f8f4; }
        .summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
        .report section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .25rem 1rem 1rem;
          margin: 1rem 0; max-width: 980px; }
        .help { position: fixed; right: 1rem; top: 3.5rem; background: #fff; border: 1px solid var(--line);
          box-shadow: 0 6px 24px rgba(0,0,0,.15); padding: .5rem 1rem 1rem; max-width: 30rem; }
        .help[hidden] { display: none; }
        .empty { color: var(--muted); }
        @media (max-width: 800px) { .fields, .side-by-side { grid-template-columns: 1fr; } }
        main.narrow { max-width: 24rem; margin: 3rem auto; background: #fff; border: 1px solid var(--line);
          padding: 1rem 1.5rem 1.5rem; }
        form.signin label { display: block; margin: .6rem 0; }
        form.signin input { display: block; width: 100%; box-sizing: border-box; margin-top: .2rem; }
        form.signin button { margin-top: .4rem; }
        table.users form { display: inline; }
        .signed-in { color: var(--muted); }

        """

    static let javascript = """
        // Winnow review: keyboard shortcuts over server-rendered pages. Every change is a form POST with the
        // session's CSRF token; this script only chooses which form to send.
        (function () {
          'use strict';
          var page = document.body.getAttribute('data-page');
          var help = document.getElementById('help');

          function toggleHelp(show) {
            if (!help) { return; }
            help.hidden = show === undefined ? !help.hidden : !show;
          }
          Array.prototype.forEach.call(document.querySelectorAll('[data-help]'), function (button) {
            button.addEventListener('click', function () { toggleHelp(); });
          });
          Array.prototype.forEach.call(document.querySelectorAll('form[data-confirm]'), function (form) {
            form.addEventListener('submit', function (event) {
              if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
            });
          });

          function submitForm(form) {
            if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
          }
          function undo() {
            var form = document.getElementById('undo-form');
            if (form) { submitForm(form); }
          }
          function go(link) { if (link) { window.location.href = link.getAttribute('href'); } }

          // The queue: a selected row that j and k move, actions on it.
          var rows = Array.prototype.slice.call(document.querySelectorAll('#queue tbody tr[data-id]'));
          var selected = rows.length > 0 ? 0 : -1;
          function select(index) {
            if (rows.length === 0) { return; }
            selected = Math.max(0, Math.min(rows.length - 1, index));
            rows.forEach(function (row, i) { row.classList.toggle('selected', i === selected); });
            rows[selected].scrollIntoView({ block: 'nearest' });
          }
          rows.forEach(function (row, i) {
            row.addEventListener('click', function (event) {
              if (event.target.tagName !== 'A') { select(i); }
            });
            row.addEventListener('dblclick', function () { window.location.href = row.getAttribute('data-url'); });
          });
          if (rows.length > 0) { select(0); }
          function decideSelected(action, label) {
            var row = rows[selected];
            var form = document.getElementById('action-form');
            if (!row || !form) { return; }
            form.setAttribute('action', '/examples/' + row.getAttribute('data-id') + '/decide');
            form.elements.action.value = action;
            form.elements.version.value = row.getAttribute('data-version');
            form.elements.label.value = label || '';
            submitForm(form);
          }

          // The example page: buttons carry their key.
          function clickKey(key) {
            var target = document.querySelector('[data-key="' + key + '"]');
            if (!target) { return false; }
            if (target.tagName === 'A') { go(target); } else { target.click(); }
            return true;
          }

          document.addEventListener('keydown', function (event) {
            if (event.ctrlKey || event.metaKey || event.altKey) { return; }
            var tag = event.target.tagName;
            if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') {
              if (event.key === 'Escape') { event.target.blur(); }
              return;
            }
            var key = event.key;
            if (key === '?') { toggleHelp(); event.preventDefault(); return; }
            if (key === 'Escape') { toggleHelp(false); return; }
            if (key === 'u') { undo(); event.preventDefault(); return; }
            if (key === '/') {
              var filter = document.querySelector('#filters select, #filters input');
              if (filter) { filter.focus(); event.preventDefault(); }
              return;
            }
            if (page === 'queue') {
              if (key === 'j' || key === 'ArrowDown') { select(selected + 1); event.preventDefault(); }
              else if (key === 'k' || key === 'ArrowUp') { select(selected - 1); event.preventDefault(); }
              else if ((key === 'Enter' || key === 'o') && rows[selected]) {
                window.location.href = rows[selected].getAttribute('data-url');
              }
              else if (key === 'a') { decideSelected('approve'); event.preventDefault(); }
              else if (key === 'r') { decideSelected('reject'); event.preventDefault(); }
              else if (key === 'x') { decideSelected('reset'); event.preventDefault(); }
              else if (key === 'g') { decideSelected('accept'); event.preventDefault(); }
              else if (key === 'A' || key === 'R' || key === 'X' || key === 'G') {
                if (clickKey(key)) { event.preventDefault(); }
              }
              else if (key === 'l' && rows[selected]) {
                event.preventDefault();
                var label = window.prompt('New label', rows[selected].getAttribute('data-suggested') || '');
                if (label) { decideSelected('relabel', label); }
              }
            } else if (page === 'example') {
              if (key === 'l') {
                var input = document.getElementById('relabel-input');
                if (input) { input.focus(); input.select(); event.preventDefault(); }
              } else if (key === 'e') {
                var edit = document.getElementById('edit');
                if (edit) { edit.open = true; document.getElementById('edit-input').focus(); event.preventDefault(); }
              } else if (['a', 'r', 'x', 'g', 't', 'j', 'k', 'q'].indexOf(key) >= 0) {
                if (clickKey(key)) { event.preventDefault(); }
              }
            }
          });
        })();

        """
}
