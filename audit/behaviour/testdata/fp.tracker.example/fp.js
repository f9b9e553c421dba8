// A canvas fingerprint as the vendors take it: text in two colours, an
// emoji, read back as PNG.
(function () {
  var c = document.createElement('canvas');
  c.width = 240;
  c.height = 60;
  var ctx = c.getContext('2d');
  ctx.textBaseline = 'top';
  ctx.font = "14px 'Arial'";
  ctx.fillStyle = '#f60';
  ctx.fillRect(125, 1, 62, 20);
  ctx.fillStyle = '#069';
  ctx.fillText('Cwm fjordbank glyphs vext quiz, \ud83d\ude03', 2, 15);
  ctx.fillStyle = 'rgba(102, 204, 0, 0.7)';
  ctx.fillText('Cwm fjordbank glyphs vext quiz, \ud83d\ude03', 4, 17);
  window.fpHash = c.toDataURL().length;
})();
