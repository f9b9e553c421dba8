// A session recorder: watches every DOM change, mouse and keys, and ships
// batches.
(function () {
  var buf = [];
  new MutationObserver(function (m) { buf.push({ t: 'm', n: m.length }); }).observe(document, {
    childList: true, subtree: true, attributes: true, characterData: true,
  });
  document.addEventListener('mousemove', function (e) { buf.push({ t: 'p', x: e.clientX }); });
  document.addEventListener('keydown', function (e) { buf.push({ t: 'k' }); });
  function ship() {
    buf.push({ t: 'tick', at: Date.now() });
    fetch('//rec.replay.example/collect', { method: 'POST', body: JSON.stringify(buf) });
    buf = [];
  }
  ship();
  setTimeout(ship, 50);
})();
