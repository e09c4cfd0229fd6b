/*
 * Tier 0 IT help desk: the embeddable web chat widget.
 *
 * Embed on any page with one tag (the help desk's own address in src):
 *   <script src="https://helpdesk.example.com/widget.js" data-title="IT Help" defer></script>
 * Optional: data-identity-token="<identity token of the signed-in user>": a compact JWT (HS256)
 * the intranet signs with the secret it shares with the help desk (see the connector's README).
 * A page that learns the token later calls window.tier0WebChat.signIn(token, name): the next
 * message then starts a new conversation as that user.
 *
 * No framework, no inline styles: everything the page shows of users, agents and articles is set
 * with textContent, never parsed as HTML.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.tier0WebChatLoaded) {
    return;
  }
  window.tier0WebChatLoaded = true;

  var origin = new URL(script.src, document.baseURI).origin;
  var api = origin + '/api/v1/conversations';
  var title = (script.getAttribute('data-title') || 'IT Help').trim() || 'IT Help';
  var identityToken = script.getAttribute('data-identity-token') || null;
  var storageKey = 'tier0.webchat.conversation@' + origin;
  var INTRO = 'Hi! I\'m the IT help desk bot. Tell me what\'s wrong, for example ' +
    '"my VPN won\'t connect" or "I forgot my password".';

  var conversationId = readStoredId();
  var source = null;
  var backoff = 1000;
  var reconnectTimer = null;
  var resyncOnReady = false;
  var sending = false;
  var typingTimer = null;

  // ---- DOM ---------------------------------------------------------------------------------

  var stylesheet = document.createElement('link');
  stylesheet.rel = 'stylesheet';
  stylesheet.href = origin + '/widget.css';
  document.head.appendChild(stylesheet);

  var root = el('div', 't0-chat');
  var bubble = el('button', 't0-bubble');
  bubble.type = 'button';
  bubble.id = 't0-bubble';
  bubble.setAttribute('aria-haspopup', 'dialog');
  bubble.setAttribute('aria-expanded', 'false');
  bubble.setAttribute('aria-controls', 't0-panel');
  bubble.setAttribute('aria-label', 'Open ' + title + ' chat');
  bubble.textContent = title;

  var panel = el('section', 't0-panel');
  panel.id = 't0-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-labelledby', 't0-title');

  var header = el('header', 't0-header');
  var heading = el('h2', 't0-title');
  heading.id = 't0-title';
  heading.textContent = title;
  var closeButton = el('button', 't0-close');
  closeButton.type = 'button';
  closeButton.setAttribute('aria-label', 'Close chat');
  closeButton.textContent = '\u00d7';
  header.appendChild(heading);
  header.appendChild(closeButton);

  var log = el('div', 't0-log');
  log.id = 't0-log';
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', 'Conversation with ' + title);
  log.tabIndex = 0;

  var typing = el('div', 't0-typing');
  typing.hidden = true;
  typing.setAttribute('aria-live', 'polite');
  typing.textContent = 'An agent is typing\u2026';

  var form = el('form', 't0-form');
  var label = el('label', 't0-visually-hidden');
  label.htmlFor = 't0-input';
  label.textContent = 'Message to ' + title;
  var input = el('input', 't0-input');
  input.id = 't0-input';
  input.type = 'text';
  input.autocomplete = 'off';
  input.placeholder = 'Describe your problem\u2026';
  var sendButton = el('button', 't0-send');
  sendButton.type = 'submit';
  sendButton.textContent = 'Send';
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(bubble);
  document.body.appendChild(root);

  renderIntro();

  bubble.addEventListener('click', function () {
    if (panel.hidden) {
      openPanel();
    } else {
      closePanel();
    }
  });
  closeButton.addEventListener('click', closePanel);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      closePanel();
    }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || sending) {
      return;
    }
    input.value = '';
    send(text, null);
  });

  if (conversationId) {
    // A returning visitor: show the history and listen for agents even before the panel opens.
    resync();
  }

  // ---- panel -------------------------------------------------------------------------------

  function openPanel() {
    panel.hidden = false;
    bubble.setAttribute('aria-expanded', 'true');
    bubble.classList.remove('t0-unread');
    input.focus();
    if (!conversationId) {
      ensureConversation().then(connect, function () {
        notice('The help desk cannot be reached just now. Please try again later.');
      });
    }
    scrollDown();
  }

  function closePanel() {
    panel.hidden = true;
    bubble.setAttribute('aria-expanded', 'false');
    bubble.focus();
  }

  // ---- server ------------------------------------------------------------------------------

  function ensureConversation() {
    if (conversationId) {
      return Promise.resolve(conversationId);
    }
    var body = { channel: 'web' };
    if (identityToken) {
      body.identityToken = identityToken;
    }
    return postJson(api, body).then(function (result) {
      if (!result.ok || !result.body || !result.body.conversationId) {
        var failure = new Error('not started');
        if (result.status >= 400 && result.status < 500) {
          failure.userMessage = errorMessage(result);
        }
        throw failure;
      }
      conversationId = result.body.conversationId;
      storeId(conversationId);
      return conversationId;
    });
  }

  function send(text, shownAs) {
    sending = true;
    form.setAttribute('aria-busy', 'true');
    line('user', shownAs || text);
    var message = { text: text, clientMessageId: messageId() };
    return ensureConversation()
      .then(function () { return postMessage(message); })
      .then(function (result) {
        if (result.status === 404) {
          // The conversation expired on the server: start a new one and say it again.
          forget();
          return ensureConversation().then(function () {
            connect();
            return postMessage(message);
          });
        }
        return result;
      })
      .then(function (result) {
        if (!result.ok) {
          notice(errorMessage(result));
          return;
        }
        (result.body.replies || []).forEach(function (reply) { render(reply, 'bot'); });
        connect();
      })
      .catch(function (e) {
        notice(e && e.userMessage ? e.userMessage :
          'The help desk cannot be reached. Check your connection and try again.');
      })
      .then(function () {
        sending = false;
        form.removeAttribute('aria-busy');
      });
  }

  function postMessage(message) {
    return postJson(api + '/' + encodeURIComponent(conversationId) + '/messages', message);
  }

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit'
    }).then(readJson);
  }

  function readJson(response) {
    return response.json().then(
      function (body) { return { ok: response.ok, status: response.status, body: body, response: response }; },
      function () { return { ok: response.ok, status: response.status, body: null, response: response }; });
  }

  function errorMessage(result) {
    if (result.status === 429) {
      var wait = result.response.headers.get('Retry-After');
      return 'You\'re sending messages quickly. Please wait ' + (wait || 'a few') +
        ' seconds and try again.';
    }
    if (result.body && typeof result.body.message === 'string') {
      return result.body.message;
    }
    return 'Something went wrong. Please try again.';
  }

  /** Re-reads the whole history from the server, then listens for pushes. */
  function resync() {
    if (!conversationId) {
      return Promise.resolve();
    }
    return fetch(api + '/' + encodeURIComponent(conversationId), { credentials: 'omit' })
      .then(readJson)
      .then(function (result) {
        if (result.status === 404) {
          forget();
          return;
        }
        if (!result.ok || !result.body) {
          throw new Error('history unavailable');
        }
        renderHistory(result.body);
        connect();
      })
      .catch(function () { scheduleReconnect(); });
  }

  function connect() {
    if (!conversationId || source || !window.EventSource) {
      return;
    }
    var url = api + '/' + encodeURIComponent(conversationId) + '/events';
    source = new EventSource(url);
    source.addEventListener('ready', function () {
      backoff = 1000;
      if (resyncOnReady) {
        // Whatever arrived while the stream was down is in the history.
        resyncOnReady = false;
        reloadHistory();
      }
    });
    source.addEventListener('reply', function (event) {
      var reply = parse(event.data);
      if (!reply) {
        return;
      }
      showTyping(false);
      render(reply, reply.from === 'agent' ? 'agent' : 'bot');
      if (panel.hidden) {
        bubble.classList.add('t0-unread');
      }
    });
    source.addEventListener('typing', function (event) {
      var data = parse(event.data);
      showTyping(!!(data && data.typing));
    });
    source.onerror = function () {
      if (source) {
        source.close();
        source = null;
      }
      resyncOnReady = true;
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (reconnectTimer || !conversationId) {
      return;
    }
    var delay = backoff + Math.floor(Math.random() * 500);
    backoff = Math.min(backoff * 2, 30000);
    reconnectTimer = setTimeout(function () {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function reloadHistory() {
    fetch(api + '/' + encodeURIComponent(conversationId), { credentials: 'omit' })
      .then(readJson)
      .then(function (result) {
        if (result.ok && result.body) {
          renderHistory(result.body);
        }
      })
      .catch(function () { /* the next reconnect tries again */ });
  }

  // ---- rendering ---------------------------------------------------------------------------

  function renderIntro() {
    var intro = line('bot', INTRO);
    intro.classList.add('t0-intro');
  }

  function renderHistory(conversation) {
    while (log.firstChild) {
      log.removeChild(log.firstChild);
    }
    renderIntro();
    var transcript = Array.isArray(conversation.transcript) ? conversation.transcript : [];
    var pending = conversation.pendingChoices;
    var last = transcript.length - 1;
    transcript.forEach(function (entry, i) {
      var text = typeof entry.text === 'string' ? entry.text : '';
      if (i === last && pending && entry.from === 'bot' && text.indexOf(pending.text) === 0) {
        return; // shown below as buttons
      }
      line(speaker(entry.from), text);
    });
    if (pending && Array.isArray(pending.options)) {
      renderChoices(pending);
    }
    scrollDown();
  }

  function render(reply, from) {
    if (!reply || typeof reply !== 'object') {
      return;
    }
    switch (reply.type) {
      case 'article':
        renderArticle(reply);
        break;
      case 'choices':
        renderChoices(reply);
        break;
      case 'handoff':
        renderHandoff(reply);
        break;
      default:
        line(from, typeof reply.text === 'string' ? reply.text : '');
    }
    scrollDown();
  }

  function line(from, text) {
    var item = el('div', 't0-msg t0-from-' + from);
    var who = el('span', 't0-who');
    who.textContent = from === 'user' ? 'You' : from === 'agent' ? 'Agent' : title;
    var body = el('p', 't0-text');
    body.textContent = text;
    item.appendChild(who);
    item.appendChild(body);
    log.appendChild(item);
    scrollDown();
    return item;
  }

  function renderArticle(reply) {
    var card = el('article', 't0-msg t0-from-bot t0-article');
    var heading = el('h3', 't0-article-title');
    var href = safeUrl(reply.url);
    var titleText = typeof reply.title === 'string' ? reply.title : 'Help article';
    if (href) {
      var link = el('a', 't0-article-link');
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.textContent = titleText;
      heading.appendChild(link);
    } else {
      heading.textContent = titleText;
    }
    var snippet = el('p', 't0-article-snippet');
    snippet.textContent = typeof reply.snippet === 'string' ? reply.snippet : '';
    var id = el('span', 't0-article-id');
    id.textContent = typeof reply.articleId === 'string' ? reply.articleId : '';
    card.appendChild(heading);
    card.appendChild(snippet);
    card.appendChild(id);
    log.appendChild(card);
  }

  function renderChoices(reply) {
    var group = el('div', 't0-msg t0-from-bot t0-choices');
    group.setAttribute('role', 'group');
    var question = el('p', 't0-text');
    question.id = 't0-q-' + Math.random().toString(36).slice(2);
    question.textContent = typeof reply.text === 'string' ? reply.text : '';
    group.setAttribute('aria-labelledby', question.id);
    group.appendChild(question);
    var buttons = el('div', 't0-options');
    (Array.isArray(reply.options) ? reply.options : []).forEach(function (option) {
      if (!option || typeof option.value !== 'string') {
        return;
      }
      var button = el('button', 't0-option');
      button.type = 'button';
      button.textContent = typeof option.label === 'string' ? option.label : option.value;
      button.addEventListener('click', function () {
        if (sending) {
          return;
        }
        Array.prototype.forEach.call(buttons.querySelectorAll('button'), function (b) {
          b.disabled = true;
        });
        button.classList.add('t0-chosen');
        send(option.value, button.textContent);
        input.focus();
      });
      buttons.appendChild(button);
    });
    group.appendChild(buttons);
    log.appendChild(group);
  }

  function renderHandoff(reply) {
    var box = el('div', 't0-msg t0-from-bot t0-handoff');
    box.setAttribute('role', 'status');
    var text = el('p', 't0-text');
    text.textContent = typeof reply.text === 'string' ? reply.text : '';
    var ticket = el('p', 't0-ticket');
    ticket.textContent = 'Ticket ' + (reply.ticketId || '') +
      (reply.priority ? ' \u00b7 priority ' + reply.priority : '');
    box.appendChild(text);
    box.appendChild(ticket);
    log.appendChild(box);
  }

  function notice(text) {
    var item = el('div', 't0-notice');
    item.setAttribute('role', 'alert');
    item.textContent = text;
    log.appendChild(item);
    scrollDown();
  }

  function showTyping(on) {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) {
      typingTimer = setTimeout(function () { typing.hidden = true; }, 15000);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    return node;
  }

  function speaker(from) {
    return from === 'user' || from === 'agent' ? from : 'bot';
  }

  function safeUrl(url) {
    if (typeof url !== 'string' || !url) {
      return null;
    }
    try {
      var parsed = new URL(url, origin);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch (e) {
      return null;
    }
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function messageId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return 'm-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  function readStoredId() {
    try {
      return window.localStorage.getItem(storageKey);
    } catch (e) {
      return null;
    }
  }

  function storeId(id) {
    try {
      window.localStorage.setItem(storageKey, id);
    } catch (e) {
      // Private mode: the conversation lasts as long as the page.
    }
  }

  /**
   * Signs the widget in as the user an identity token vouches for: the current conversation is
   * left and the next message starts a new, verified one.
   */
  window.tier0WebChat = {
    signIn: function (token, name) {
      if (typeof token !== 'string' || !token) {
        return;
      }
      identityToken = token;
      forget();
      renderHistory({ transcript: [] });
      line('bot', 'You are now signed in' + (typeof name === 'string' && name ? ' as ' + name : '') +
        '. Tell me what\'s wrong.');
    }
  };

  function forget() {
    conversationId = null;
    if (source) {
      source.close();
      source = null;
    }
    try {
      window.localStorage.removeItem(storageKey);
    } catch (e) {
      // nothing stored
    }
  }
})();
