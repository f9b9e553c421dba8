// A chart library: bars and axis labels drawn between save and restore, a
// hover listener, a PNG export; a tiny emoji-support probe; label widths
// measured in two fonts. None of it is fingerprinting.
(function () {
  var c = document.getElementById('chart');
  var ctx = c.getContext('2d');
  c.addEventListener('mousemove', function () {});
  var data = [12, 19, 3, 5, 2, 3, 9];
  var labels = ['January', 'February', 'March', 'April', 'May', 'June', 'July'];
  data.forEach(function (v, i) {
    ctx.save();
    ctx.fillStyle = i % 2 ? '#36a2eb' : '#ff6384';
    ctx.fillRect(20 + i * 50, 180 - v * 8, 40, v * 8);
    ctx.fillStyle = '#666';
    ctx.font = '12px sans-serif';
    ctx.fillText(labels[i], 20 + i * 50, 195);
    ctx.restore();
  });
  for (var f = 0; f < 30; f++) {
    ctx.font = (f % 2 ? 'bold ' : '') + '12px sans-serif';
    ctx.measureText(labels[f % labels.length] + ' ' + f);
  }
  window.exported = c.toDataURL('image/png').length;

  var probe = document.createElement('canvas');
  probe.width = 10;
  probe.height = 10;
  var p = probe.getContext('2d');
  p.fillText('\ud83d\ude03 abcdefghijkl', 0, 8);
  window.emoji = p.getImageData(0, 0, 10, 10).data[3];
  window.done = true;
})();
