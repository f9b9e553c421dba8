// Candor cookie-banner finder. Evaluated as a function of one argument in a
// frame: "find" describes the banner, "accept" or "reject" clicks the
// first-layer button of that choice. It looks in the document and in every
// open shadow root, first for the markup of the common consent platforms,
// then for any fixed or sticky element that talks about cookies or consent
// and has an accept or reject button. It returns a plain object.
(function candorConsent(action) {
  'use strict';

  // Consent platforms by markup: the banner container and, when the
  // platform names them, the first-layer accept and reject buttons.
  const PLATFORMS = [
    { name: 'onetrust', banner: ['#onetrust-banner-sdk'], accept: ['#onetrust-accept-btn-handler'], reject: ['#onetrust-reject-all-handler'] },
    {
      name: 'cookiebot',
      banner: ['#CybotCookiebotDialog'],
      accept: ['#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll', '#CybotCookiebotDialogBodyButtonAccept'],
      reject: ['#CybotCookiebotDialogBodyButtonDecline'],
    },
    {
      name: 'didomi',
      banner: ['#didomi-notice', '#didomi-popup'],
      accept: ['#didomi-notice-agree-button'],
      reject: ['#didomi-notice-disagree-button', '.didomi-continue-without-agreeing'],
    },
    { name: 'quantcast', banner: ['#qc-cmp2-ui', '.qc-cmp2-container'], accept: [], reject: [] },
    {
      name: 'usercentrics',
      banner: ['#usercentrics-root', '#usercentrics-cmp-ui'],
      accept: ['[data-testid="uc-accept-all-button"]', '#accept'],
      reject: ['[data-testid="uc-deny-all-button"]', '#deny'],
    },
    { name: 'sourcepoint', banner: ['[id^="sp_message_container_"]', '.message-container:has(.sp_choice_type_11)'], accept: ['.sp_choice_type_11'], reject: ['.sp_choice_type_13'] },
    { name: 'trustarc', banner: ['#truste-consent-track', '#consent_blackbar'], accept: ['#truste-consent-button'], reject: ['#truste-consent-required'] },
    { name: 'complianz', banner: ['.cmplz-cookiebanner'], accept: ['.cmplz-accept'], reject: ['.cmplz-deny'] },
    {
      name: 'cookieyes',
      banner: ['.cky-consent-container', '#cookie-law-info-bar'],
      accept: ['.cky-btn-accept', '#wt-cli-accept-all-btn', '#cookie_action_close_header'],
      reject: ['.cky-btn-reject', '#cookie_action_close_header_reject', '#wt-cli-reject-btn'],
    },
    {
      name: 'borlabs',
      banner: ['#BorlabsCookieBox'],
      accept: ['._brlbs-btn-accept-all', '[data-cookie-accept-all]', '.brlbs-btn-accept-all'],
      reject: ['._brlbs-refuse-btn', '[data-cookie-refuse]', '.brlbs-btn-accept-only-essential'],
    },
    { name: 'klaro', banner: ['.klaro .cookie-notice', '.klaro .cookie-modal'], accept: ['.cm-btn-accept-all', '.cm-btn-success'], reject: ['.cn-decline', '.cm-btn-decline'] },
    { name: 'osano', banner: ['.osano-cm-dialog', '.osano-cm-window__dialog'], accept: ['.osano-cm-accept-all', '.osano-cm-accept'], reject: ['.osano-cm-denyAll', '.osano-cm-deny'] },
  ];

  // First-layer button texts, reject first: "accept only necessary" is a
  // rejection. Each pattern matches the whole normalised text.
  const REJECT = [
    ['en', /^(reject|decline|deny|refuse|disagree)( all)?( cookies)?$/],
    ['en', /^(i )?(do not|don't) (accept|agree)$/],
    ['en', /^((use|allow|accept) )?(only )?(strictly )?(necessary|essential|required)( cookies)?( only)?$/],
    ['en', /^continue without (accepting|agreeing|consent)$/],
    ['de', /^(alle|alles)? ?(ablehnen|verweigern|zurückweisen)$/],
    ['de', /^alle cookies (ablehnen|verweigern)$/],
    ['de', /^nur (technisch )?(notwendige|erforderliche|essenzielle|essentielle)( cookies)?( (akzeptieren|zulassen|erlauben|verwenden))?$/],
    ['de', /^(weiter|fortfahren) ohne (einwilligung|zustimmung|zu akzeptieren)$/],
    ['de', /^nicht (einverstanden|zustimmen)$/],
    ['fr', /^(tout|tous) refuser$/],
    ['fr', /^(je )?refuse[rz]?( tout| tous les cookies| les cookies)?$/],
    ['fr', /^continuer sans accepter$/],
    ['fr', /^((accepter|autoriser) )?(uniquement|seulement) (les )?(cookies )?(strictement )?(nécessaires|essentiels)$/],
    ['es', /^rechazar( todo| todas| todas las cookies| cookies)?$/],
    ['es', /^(denegar|no acepto)$/],
    ['es', /^((aceptar|permitir) )?(solo|sólo|únicamente) (las )?(cookies )?(necesarias|esenciales|técnicas)$/],
    ['es', /^continuar sin aceptar$/],
    ['it', /^rifiuta( tutto| tutti| i cookie)?$/],
    ['it', /^(nega|rifiuto|non accetto)$/],
    ['it', /^((accetta|consenti) )?solo (i )?(cookie )?(necessari|essenziali|tecnici)$/],
    ['it', /^continua senza accettare$/],
    ['nl', /^(alles |alle |alle cookies )?(weigeren|afwijzen)$/],
    ['nl', /^(alleen|enkel) (noodzakelijke|essentiële|functionele)( cookies)?( (accepteren|toestaan))?$/],
  ];
  const ACCEPT = [
    ['en', /^(accept|allow|agree to|enable)( all)?( cookies)?$/],
    ['en', /^(i )?(accept|agree)$/],
    ['en', /^(accept|agree|allow)( all)?( cookies)? (and|&) (close|continue|proceed)$/],
    ['en', /^(ok|okay|got it|i understand|yes,? i agree)$/],
    ['de', /^(alle|alles)? ?(akzeptieren|zulassen|annehmen|erlauben)$/],
    ['de', /^alle cookies (akzeptieren|zulassen|annehmen|erlauben)$/],
    ['de', /^(ich )?(stimme zu|bin einverstanden)$/],
    ['de', /^(zustimmen|einverstanden)( und (weiter|schließen|fortfahren))?$/],
    ['de', /^(akzeptieren|alle akzeptieren) und (weiter|schließen)$/],
    ['fr', /^(tout|tous) (accepter|autoriser)$/],
    ['fr', /^(j'accepte|accepter|autoriser)( tout| tous les cookies| les cookies)?$/],
    ['fr', /^accepter et (fermer|continuer)$/],
    ['fr', /^(j'ai compris|d'accord|ok pour moi)$/],
    ['es', /^(aceptar|permitir)( todo| todas| todas las cookies| cookies)?$/],
    ['es', /^(acepto|de acuerdo|entendido)$/],
    ['es', /^aceptar y (cerrar|continuar|seguir)$/],
    ['it', /^(accetta|consenti)( tutto| tutti| tutti i cookie| i cookie)?$/],
    ['it', /^(accetto|acconsento|ho capito|va bene)$/],
    ['it', /^accetta e (chiudi|continua)$/],
    ['nl', /^(alles |alle |alle cookies )?(accepteren|toestaan)$/],
    ['nl', /^(akkoord|ik ga akkoord|accepteer( alle cookies)?|ja,? ik accepteer)$/],
  ];

  const COOKIE_WORDS = /\b(cookies?|consent|gdpr|dsgvo|rgpd|einwilligung|consentement|consentimiento|consenso|toestemming|traceurs)\b/i;
  const CLICKABLE = 'button, a, [role="button"], input[type="button"], input[type="submit"], [class*="btn" i], [class*="button" i]';
  const doc = document;

  function normalise(s) {
    return String(s || '')
      .replace(/[\u2018\u2019`´]/g, "'")
      .replace(/[«»"!.…:]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  }
  function label(el) {
    const t = el.innerText || el.textContent || el.value || el.getAttribute('aria-label') || '';
    return String(t).replace(/\s+/g, ' ').trim();
  }
  function classify(text, list) {
    const n = normalise(text);
    if (!n || n.length > 60) return '';
    for (const [lang, re] of list) if (re.test(n)) return lang;
    return '';
  }
  function visible(el) {
    if (!el || !el.getBoundingClientRect) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, visibilityProperty: true })) return false;
    return true;
  }

  // roots lists the document and every open shadow root under it.
  function shadowRoots(root, out) {
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.shadowRoot) {
        out.push(n.shadowRoot);
        shadowRoots(n.shadowRoot, out);
      }
    }
    return out;
  }
  const roots = shadowRoots(doc, [doc]);

  // within lists the elements matching sel under el, shadow roots included.
  function within(el, sel) {
    const found = Array.from(el.querySelectorAll(sel));
    for (const r of shadowRoots(el, [])) found.push(...r.querySelectorAll(sel));
    if (el.shadowRoot) {
      found.push(...el.shadowRoot.querySelectorAll(sel));
      for (const r of shadowRoots(el.shadowRoot, [])) found.push(...r.querySelectorAll(sel));
    }
    return found;
  }

  // button returns the first visible button of one choice in a banner: by
  // the platform's markup, else by its text.
  function button(banner, selectors, texts) {
    for (const sel of selectors) {
      for (const el of within(banner, sel)) if (visible(el)) return { el, lang: classify(label(el), texts) };
    }
    for (const el of within(banner, CLICKABLE)) {
      if (!visible(el)) continue;
      const lang = classify(label(el), texts);
      if (lang) return { el, lang };
    }
    return null;
  }

  function describe(banner, platform, root, acceptSel, rejectSel) {
    const accept = button(banner, acceptSel, ACCEPT);
    let reject = button(banner, rejectSel, REJECT);
    if (reject && accept && reject.el === accept.el) reject = null;
    return { banner, platform, root, accept, reject };
  }

  function findBanner() {
    for (const p of PLATFORMS) {
      for (const root of roots) {
        for (const sel of p.banner) {
          const el = root.querySelector(sel);
          if (!el) continue;
          const d = describe(el, p.name, root, p.accept, p.reject);
          if (visible(el) || (d.accept && visible(d.accept.el)) || (d.reject && visible(d.reject.el))) return d;
        }
      }
    }
    // Generic: the nearest fixed, sticky or dialog ancestor of a text that
    // talks about cookies or consent, with an accept or reject button.
    const tried = new Set();
    for (const root of roots) {
      const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (!COOKIE_WORDS.test(t.data)) continue;
        let el = t.parentElement;
        for (let depth = 0; el && depth < 12; depth++) {
          const style = getComputedStyle(el);
          const pos = style.position;
          const role = el.getAttribute('role');
          if (pos === 'fixed' || pos === 'sticky' || el.tagName === 'DIALOG' || role === 'dialog' || role === 'alertdialog') {
            if (!tried.has(el)) {
              tried.add(el);
              if (visible(el)) {
                const d = describe(el, 'generic', root, [], []);
                if (d.accept || d.reject) return d;
              }
            }
            break;
          }
          el = el.parentElement || (el.parentNode && el.parentNode.host) || null;
        }
      }
    }
    return null;
  }

  const d = findBanner();
  if (!d) return { found: false };
  const pageLang = normalise(doc.documentElement.getAttribute('lang')).slice(0, 2);
  const out = {
    found: true,
    platform: d.platform,
    found_by: d.platform === 'generic' ? 'button-text' : 'markup',
    in_shadow: d.root !== doc || [d.accept, d.reject].some((b) => b && b.el.getRootNode() !== doc),
    language: (d.reject && d.reject.lang) || (d.accept && d.accept.lang) || pageLang,
    accept: d.accept ? label(d.accept.el) : '',
    reject: d.reject ? label(d.reject.el) : '',
    clicked: '',
  };
  const choice = action === 'accept' ? d.accept : action === 'reject' ? d.reject : null;
  if (choice) {
    out.clicked = label(choice.el);
    choice.el.click();
  }
  return out;
});
