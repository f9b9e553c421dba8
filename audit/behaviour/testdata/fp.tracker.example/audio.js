// Audio probing: a triangle wave through a compressor, rendered offline and
// summed.
(function () {
  var ctx = new OfflineAudioContext(1, 5000, 44100);
  var osc = ctx.createOscillator();
  osc.type = 'triangle';
  osc.frequency.value = 10000;
  var comp = ctx.createDynamicsCompressor();
  comp.threshold.value = -50;
  comp.knee.value = 40;
  comp.ratio.value = 12;
  osc.connect(comp);
  comp.connect(ctx.destination);
  osc.start(0);
  ctx.startRendering().then(function (buf) {
    var data = buf.getChannelData(0);
    var sum = 0;
    for (var i = 4500; i < 5000; i++) sum += Math.abs(data[i]);
    window.audioSum = sum;
  });
})();
