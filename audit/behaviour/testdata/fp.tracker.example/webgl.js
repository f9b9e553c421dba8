// WebGL probing: the unmasked renderer through WEBGL_debug_renderer_info.
(function () {
  var gl = document.createElement('canvas').getContext('webgl');
  if (!gl) {
    window.webglMissing = true;
    return;
  }
  var ext = gl.getExtension('WEBGL_debug_renderer_info');
  window.renderer = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(0x9246);
})();
