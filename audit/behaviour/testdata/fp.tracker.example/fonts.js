// Font probing: one test string measured in 60 font families.
(function () {
  var ctx = document.createElement('canvas').getContext('2d');
  var families = [];
  for (var i = 0; i < 60; i++) families.push('Probe Font ' + i);
  var widths = {};
  families.forEach(function (f) {
    ctx.font = "72px '" + f + "', monospace";
    widths[f] = ctx.measureText('mmmmmmmmmmlli').width;
  });
  window.fontWidths = widths;
})();
