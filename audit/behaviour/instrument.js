// Candor behaviour instrumentation. It runs before any page script in every
// frame, wraps a few browser APIs and reports raw facts (what was drawn,
// what was read back, by which script) through a CDP binding. It decides
// nothing: the Go side applies the thresholds. It must never break a page,
// so every hook calls the original first and swallows its own errors.
(() => {
  'use strict';
  const BINDING = '__candorBehaviour';
  const MARK = 'candor-instrument.js';
  const G = globalThis;
  const FLAG = Symbol.for('candor.behaviour');
  if (G[FLAG]) return; // installed twice (runImmediately and a new document)
  try {
    Object.defineProperty(G, FLAG, { value: true });
  } catch (e) {
    return;
  }

  // Captured before any page script can replace them.
  const stringify = JSON.stringify;
  const later = G.setTimeout;
  const ErrorCtor = Error;
  const getOwn = Object.getOwnPropertyDescriptor;
  const define = Object.defineProperty;
  const nativeToString = Function.prototype.toString;
  const then = Promise.prototype.then;
  const locationOf = () => {
    try {
      return String(G.location && G.location.href);
    } catch (e) {
      return '';
    }
  };

  // ---- reporting -------------------------------------------------------
  // The binding is taken off the global object so page scripts neither see
  // it nor feed it; when it is not there yet, reports wait in a queue.
  let binding = null;
  function takeBinding() {
    if (binding) return binding;
    const b = G[BINDING];
    if (typeof b !== 'function') return null;
    binding = b;
    try {
      delete G[BINDING];
    } catch (e) {
      /* keep it */
    }
    return binding;
  }
  takeBinding();
  const MAX_EVENTS = 400; // per document; the rest is dropped
  let sent = 0;
  const queue = [];
  function send(ev) {
    if (sent >= MAX_EVENTS) return;
    sent++;
    ev.page = locationOf();
    let payload;
    try {
      payload = stringify(ev);
    } catch (e) {
      return;
    }
    const b = takeBinding();
    if (!b) {
      queue.push(payload); // the binding may arrive later
      return;
    }
    try {
      while (queue.length) b(queue.shift());
      b(payload);
    } catch (e) {
      /* never break the page */
    }
  }

  // callerScript returns the URL of the first stack frame outside this file.
  function callerScript() {
    let stack = '';
    const limit = ErrorCtor.stackTraceLimit;
    try {
      ErrorCtor.stackTraceLimit = 50;
      stack = String(new ErrorCtor().stack || '');
    } catch (e) {
      /* ignore */
    } finally {
      ErrorCtor.stackTraceLimit = limit;
    }
    const lines = stack.split('\n');
    for (let i = 1; i < lines.length; i++) {
      if (lines[i].indexOf(MARK) !== -1) continue;
      const url = frameURL(lines[i]);
      if (url) return url;
    }
    return '';
  }

  // frameURL reads the script URL of one V8 stack line:
  //   "    at fn (https://x/a.js:1:2)", "    at https://x/a.js:1:2",
  //   "    at eval (eval at f (https://x/a.js:1:2), <anonymous>:1:1)".
  function frameURL(line) {
    let s = line.trim();
    if (s.slice(0, 3) === 'at ') s = s.slice(3);
    const ev = s.indexOf('(eval at ');
    if (ev !== -1) {
      s = s.slice(ev + 9);
      const open = s.indexOf('(');
      const close = s.indexOf(')');
      if (open === -1 || close === -1) return '';
      s = s.slice(open + 1, close);
    } else if (s[s.length - 1] === ')') {
      const open = s.lastIndexOf(' (');
      if (open === -1) return '';
      s = s.slice(open + 2, -1);
    }
    const m = /^(.*?):\d+:\d+$/.exec(s);
    if (!m) return '';
    if (m[1] === '<anonymous>' || m[1].indexOf(MARK) !== -1) return '';
    return m[1];
  }

  // ---- hooking -----------------------------------------------------------
  // originals maps each wrapper to the function it replaced, so that
  // Function.prototype.toString still prints "[native code]" for it.
  const originals = new WeakMap();
  const toStringWrapper = {
    toString() {
      return nativeToString.call(originals.has(this) ? originals.get(this) : this);
    },
  }.toString;
  originals.set(toStringWrapper, nativeToString);
  try {
    define(Function.prototype, 'toString', { value: toStringWrapper, writable: true, configurable: true });
  } catch (e) {
    /* ignore */
  }

  // hook replaces proto[name] with a method that runs after(self, args,
  // result) once the original has returned. A failing observer never
  // changes what the page gets.
  function hook(proto, name, after) {
    if (!proto) return false;
    const desc = getOwn(proto, name);
    if (!desc || typeof desc.value !== 'function' || !desc.configurable) return false;
    const orig = desc.value;
    const w = {
      [name](...args) {
        const result = orig.apply(this, args);
        try {
          after(this, args, result);
        } catch (e) {
          /* ignore */
        }
        return result;
      },
    }[name];
    try {
      define(w, 'length', { value: orig.length });
      originals.set(w, orig);
      define(proto, name, { value: w, writable: desc.writable, enumerable: desc.enumerable, configurable: true });
    } catch (e) {
      return false;
    }
    return true;
  }

  // hookGetter wraps the getter of an accessor property.
  function hookGetter(proto, name, after) {
    if (!proto) return;
    const desc = getOwn(proto, name);
    if (!desc || typeof desc.get !== 'function' || !desc.configurable) return;
    const orig = desc.get;
    const w = getOwn(
      {
        get [name]() {
          const v = orig.call(this);
          try {
            after(this, v);
          } catch (e) {
            /* ignore */
          }
          return v;
        },
      },
      name,
    ).get;
    try {
      originals.set(w, orig);
      define(proto, name, { get: w, set: desc.set, enumerable: desc.enumerable, configurable: true });
    } catch (e) {
      /* ignore */
    }
  }

  const protoOf = (name) => (G[name] && G[name].prototype) || null;

  // ---- lazy-loading watchers ---------------------------------------------
  // The scan scrolls a page a viewport at a time only when something in
  // the document could react to scrolling: an IntersectionObserver or a
  // scroll or wheel listener on the window or document (handlers set as
  // onscroll, in script or markup, the scan reads itself). lazy.hooked is
  // false when a watcher could not be hooked: the scan then always scrolls.
  const lazy = { hooked: true, watch: false };
  try {
    define(G, Symbol.for('candor.lazy'), { value: lazy });
  } catch (e) {
    /* the scan then scrolls step by step */
  }
  lazy.hooked = hook(protoOf('IntersectionObserver'), 'observe', () => (lazy.watch = true));

  // ---- canvas ------------------------------------------------------------
  // state of each canvas: what text was drawn and whether it was used like
  // a visible, interactive drawing surface.
  const canvases = new WeakMap();
  function canvasState(canvas) {
    let st = canvases.get(canvas);
    if (!st) {
      st = { chars: new Set(), colours: new Set(), saveRestore: false, listener: false, context: '', drawn: false, reads: 0 };
      canvases.set(canvas, st);
    }
    return st;
  }
  const MAX_READS = 3; // reports per canvas

  function noteText(ctx, args, styleName) {
    const canvas = ctx.canvas;
    if (!canvas) return;
    const st = canvasState(canvas);
    for (const ch of String(args[0])) {
      if (st.chars.size >= 256) break;
      st.chars.add(ch);
    }
    st.colours.add(String(ctx[styleName]));
  }
  function noteRead(canvas, method, mime, w, h) {
    const st = canvasState(canvas);
    if (st.reads >= MAX_READS) return;
    st.reads++;
    send({
      kind: 'canvas-read',
      script: callerScript(),
      method,
      mime: mime ? String(mime) : '',
      width: canvas.width | 0,
      height: canvas.height | 0,
      read_width: w | 0,
      read_height: h | 0,
      text_chars: st.chars.size,
      colours: st.colours.size,
      save_restore: st.saveRestore,
      listener: st.listener,
      context: st.context,
      drawn: st.drawn,
    });
  }

  for (const ctxName of ['CanvasRenderingContext2D', 'OffscreenCanvasRenderingContext2D']) {
    const p = protoOf(ctxName);
    hook(p, 'fillText', (ctx, args) => noteText(ctx, args, 'fillStyle'));
    hook(p, 'strokeText', (ctx, args) => noteText(ctx, args, 'strokeStyle'));
    hook(p, 'save', (ctx) => ctx.canvas && (canvasState(ctx.canvas).saveRestore = true));
    hook(p, 'restore', (ctx) => ctx.canvas && (canvasState(ctx.canvas).saveRestore = true));
    hook(p, 'getImageData', (ctx, args) => ctx.canvas && noteRead(ctx.canvas, 'getImageData', '', args[2], args[3]));
  }
  for (const canvasName of ['HTMLCanvasElement', 'OffscreenCanvas']) {
    const p = protoOf(canvasName);
    hook(p, 'getContext', (canvas, args, ctx) => {
      if (ctx) canvasState(canvas).context = String(args[0]);
    });
  }
  const canvasProto = protoOf('HTMLCanvasElement');
  hook(canvasProto, 'toDataURL', (c, args) => noteRead(c, 'toDataURL', args[0] || 'image/png', c.width, c.height));
  hook(canvasProto, 'toBlob', (c, args) => noteRead(c, 'toBlob', args[1] || 'image/png', c.width, c.height));
  hook(protoOf('OffscreenCanvas'), 'convertToBlob', (c, args) =>
    noteRead(c, 'convertToBlob', (args[0] && args[0].type) || 'image/png', c.width, c.height),
  );

  // measureText: aggregated per calling script, flushed shortly after.
  const fontUse = new Map(); // script -> {fonts:Set, texts:Map, calls}
  let fontTimer = 0;
  function flushFonts() {
    fontTimer = 0;
    for (const [script, u] of fontUse) {
      if (!u.dirty) continue;
      u.dirty = false;
      let same = 0;
      for (const n of u.texts.values()) if (n > same) same = n;
      send({ kind: 'canvas-font', script, fonts: u.fonts.size, same_text: same, calls: u.calls });
    }
  }
  for (const ctxName of ['CanvasRenderingContext2D', 'OffscreenCanvasRenderingContext2D']) {
    hook(protoOf(ctxName), 'measureText', (ctx, args) => {
      const script = callerScript();
      let u = fontUse.get(script);
      if (!u) {
        if (fontUse.size >= 50) return;
        u = { fonts: new Set(), texts: new Map(), calls: 0, dirty: false };
        fontUse.set(script, u);
      }
      u.calls++;
      u.dirty = true;
      if (u.fonts.size < 1000) u.fonts.add(String(ctx.font));
      const text = String(args[0]).slice(0, 64);
      if (u.texts.size < 100 || u.texts.has(text)) u.texts.set(text, (u.texts.get(text) || 0) + 1);
      if (!fontTimer) fontTimer = later(flushFonts, 50);
    });
  }

  // ---- WebGL -------------------------------------------------------------
  const UNMASKED_VENDOR = 0x9245;
  const UNMASKED_RENDERER = 0x9246;
  const glReads = new WeakMap();
  for (const glName of ['WebGLRenderingContext', 'WebGL2RenderingContext']) {
    const p = protoOf(glName);
    hook(p, 'getParameter', (gl, args) => {
      const v = args[0];
      if (v === UNMASKED_VENDOR || v === UNMASKED_RENDERER) {
        send({ kind: 'webgl', script: callerScript(), what: v === UNMASKED_VENDOR ? 'unmasked-vendor' : 'unmasked-renderer' });
      }
    });
    const drew = (gl) => gl.canvas && (canvasState(gl.canvas).drawn = true);
    for (const m of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements']) hook(p, m, drew);
    hook(p, 'readPixels', (gl) => {
      const n = glReads.get(gl) || 0;
      if (n >= MAX_READS) return;
      glReads.set(gl, n + 1);
      const drawn = !!(gl.canvas && canvasState(gl.canvas).drawn);
      send({ kind: 'webgl', script: callerScript(), what: 'read-pixels', drawn });
    });
  }

  // ---- audio -------------------------------------------------------------
  const audioCtx = new WeakMap(); // context -> {osc, comp, analyser, reads}
  const bufferCtx = new WeakMap(); // rendered AudioBuffer -> OfflineAudioContext
  function audioState(ctx) {
    let st = audioCtx.get(ctx);
    if (!st) {
      st = { osc: false, comp: false, analyser: false, reads: 0 };
      audioCtx.set(ctx, st);
    }
    return st;
  }
  const baseAudio = protoOf('BaseAudioContext');
  hook(baseAudio, 'createOscillator', (ctx) => (audioState(ctx).osc = true));
  hook(baseAudio, 'createDynamicsCompressor', (ctx) => (audioState(ctx).comp = true));
  hook(baseAudio, 'createAnalyser', (ctx) => (audioState(ctx).analyser = true));
  const OfflineCtx = G.OfflineAudioContext;
  hook(protoOf('OfflineAudioContext'), 'startRendering', (ctx, args, promise) => {
    if (promise && typeof promise.then === 'function') {
      then.call(promise, (buf) => {
        if (buf) bufferCtx.set(buf, ctx);
      }, () => {});
    }
  });
  hookGetter(protoOf('OfflineAudioCompletionEvent'), 'renderedBuffer', (ev, buf) => {
    if (buf && ev.target) bufferCtx.set(buf, ev.target);
  });
  function audioRead(ctx, how) {
    const st = audioState(ctx);
    if (st.reads >= MAX_READS) return;
    st.reads++;
    send({
      kind: 'audio',
      script: callerScript(),
      read: how,
      offline: !!(OfflineCtx && ctx instanceof OfflineCtx),
      oscillator: st.osc,
      compressor: st.comp,
      analyser: st.analyser,
    });
  }
  for (const m of ['getChannelData', 'copyFromChannel']) {
    hook(protoOf('AudioBuffer'), m, (buf) => {
      const ctx = bufferCtx.get(buf);
      if (ctx) audioRead(ctx, m);
    });
  }
  for (const m of ['getFloatFrequencyData', 'getByteFrequencyData', 'getFloatTimeDomainData', 'getByteTimeDomainData']) {
    hook(protoOf('AnalyserNode'), m, (node) => node.context && audioRead(node.context, m));
  }

  // ---- session-recorder signals -----------------------------------------
  // Reported once per script and signal: a whole-document MutationObserver,
  // page-wide mouse and key listeners, and outgoing payloads.
  const seen = new Set();
  function once(kind, script, extra) {
    const key = kind + '\u0000' + script + '\u0000' + (extra.event || '');
    if (seen.has(key) || seen.size > 500) return;
    seen.add(key);
    extra.kind = kind;
    extra.script = script;
    send(extra);
  }
  hook(protoOf('MutationObserver'), 'observe', (mo, args) => {
    const target = args[0];
    const o = args[1] || {};
    const doc = G.document;
    if (!doc || (target !== doc && target !== doc.documentElement && target !== doc.body)) return;
    if (o.subtree && o.childList && (o.attributes || o.attributeFilter) && o.characterData) {
      once('dom-observer', callerScript(), {});
    }
  });
  const listened = { mousemove: 1, pointermove: 1, mousedown: 1, click: 1, scroll: 1, keydown: 1, keyup: 1, keypress: 1, input: 1 };
  const HTMLCanvas = G.HTMLCanvasElement;
  const listenerHooked = hook(protoOf('EventTarget'), 'addEventListener', (target, args) => {
    if (HTMLCanvas && target instanceof HTMLCanvas) {
      canvasState(target).listener = true;
      return;
    }
    const type = String(args[0]);
    if (target !== G && target !== G.document) return;
    if (type === 'scroll' || type === 'wheel') lazy.watch = true;
    if (listened[type] !== 1) return;
    once('listener', callerScript(), { event: type });
  });
  lazy.hooked = lazy.hooked && listenerHooked;

  // ---- headless-browser probes ---------------------------------------------
  // navigator.webdriver is true in an automated browser and is read almost
  // only by scripts that tell robots (and scanners) from people.
  hookGetter(protoOf('Navigator'), 'webdriver', () => once('automation-probe', callerScript(), { what: 'navigator.webdriver' }));

  let sends = 0;
  function noteSend(via, body) {
    if (body == null || sends >= 100) return;
    sends++;
    let bytes = 0;
    if (typeof body === 'string') bytes = body.length;
    else if (body && typeof body.byteLength === 'number') bytes = body.byteLength;
    else if (body && typeof body.size === 'number') bytes = body.size;
    send({ kind: 'send', script: callerScript(), via, bytes });
  }
  hook(protoOf('XMLHttpRequest'), 'send', (x, args) => noteSend('xhr', args[0]));
  hook(protoOf('WebSocket'), 'send', (w, args) => noteSend('websocket', args[0]));
  hook(protoOf('Navigator'), 'sendBeacon', (n, args) => noteSend('beacon', args[1]));
  hook(G, 'fetch', (g, args) => {
    const init = args[1];
    noteSend('fetch', init && init.body);
  });
})();
//# sourceURL=candor-instrument.js
