// Code that runs inside the Playground page, kept as source text: a function handed to
// page.evaluate is serialised after tsx/esbuild compiled it, and esbuild wraps every named inner
// function in its `__name` helper, which does not exist in the page. Inline arrows without named
// inner functions are safe and only call into these helpers.
//
// What the Playground's DOM looks like (0.2.28, found by exploring it in Chromium):
// - every Adaptive Card: `.ac-preview-panel > .ac-adaptiveCard`; buttons carry title = action title;
//   input labels are <label for=inputId>, ChoiceSets are Fluent comboboxes or radio groups;
// - the message box: the Lexical editor `[data-lexical-editor="true"]`;
// - conversations: `button[role=treeitem]` labelled "Personal Chat", "<team> - <channel>";
// - warnings: in the log panel a span "(!) Warning: " or "(×) Error: " followed by the (truncated)
//   message whose full text is in the tooltip it points to; in the conversation the message
//   ("… is not supported yet …") is shown under the card it concerns.
export const CARD_SELECTOR = '.ac-preview-panel > .ac-adaptiveCard';
export const EDITOR_SELECTOR = '[data-lexical-editor="true"]';

export const PAGE_HELPERS = String.raw`
window.__tapdesk = {
  cards: function () { return Array.from(document.querySelectorAll(${JSON.stringify(CARD_SELECTOR)})); },
  /** needle: a string, or [source, flags] of a RegExp. */
  matches: function (text, needle) {
    return typeof needle === 'string' ? text.indexOf(needle) >= 0 : new RegExp(needle[0], needle[1]).test(text);
  },
  findCard: function (needle, from) {
    var cards = this.cards();
    for (var i = cards.length - 1; i >= from; i--) {
      if (this.matches(cards[i].innerText, needle)) return i;
    }
    return -1;
  },
  cardHas: function (index, needle) {
    var card = this.cards()[index];
    return !!card && this.matches(card.innerText, needle);
  },
  warnings: function () {
    var out = [];
    var notice = /is not supported yet|is an unknown attachment type|Invalid message received/i;
    var spans = Array.from(document.querySelectorAll('span'));
    for (var i = 0; i < spans.length; i++) {
      var s = spans[i];
      var own = (s.textContent || '').trim();
      var prefix = /^\((!|\u00d7)\) (Warning|Error):$/.exec(own);
      if (prefix) {
        var message = s.nextElementSibling;
        if (!message) continue;
        var tip = message.getAttribute('aria-describedby');
        var full = tip && document.getElementById(tip) ? document.getElementById(tip).textContent : message.textContent;
        out.push({ source: 'log', level: prefix[2].toLowerCase(), text: (full || '').trim() });
      } else if (notice.test(own) && s.children.length === 0 && !s.closest('.ac-adaptiveCard')) {
        var before = s.previousElementSibling;
        var inLog = before && /^\((!|\u00d7)\) (Warning|Error):$/.test((before.textContent || '').trim());
        if (!inLog && !s.closest('[role=tooltip]')) out.push({ source: 'conversation', level: 'warning', text: own });
      }
    }
    return out;
  },
  labelTarget: function (card, label) {
    var norm = function (t) { return (t || '').replace(/\*/g, '').replace(/\s+/g, ' ').trim().toLowerCase(); };
    var wanted = norm(label);
    var labels = Array.from(card.querySelectorAll('label[for]'));
    var pick = labels.find(function (l) { return norm(l.textContent) === wanted; })
      || labels.find(function (l) { return norm(l.textContent).indexOf(wanted) === 0; })
      || labels.find(function (l) { return norm(l.textContent).indexOf(wanted) >= 0; });
    return pick ? pick.getAttribute('for') : null;
  }
};
`;
