/*
 * The demo page's "Sign in as a demo user": only shown when the help desk runs its demo directory
 * without a configured identity secret (the demo endpoints answer 404 otherwise). Everything from
 * the server is set with textContent, never parsed as HTML.
 */
(function () {
  'use strict';

  var section = document.getElementById('demo-signin');
  if (!section) {
    return;
  }
  var usersBox = document.getElementById('demo-users');
  var status = document.getElementById('demo-status');
  var mailbox = document.getElementById('demo-mailbox');
  var address = document.getElementById('demo-address');
  var mails = document.getElementById('demo-mails');
  var refresh = document.getElementById('demo-refresh');
  var signedIn = null;

  fetch('/api/v1/demo/users', { credentials: 'same-origin' })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (body) {
      if (!body || !Array.isArray(body.users) || body.users.length === 0) {
        return;
      }
      body.users.forEach(function (user) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'demo-user';
        button.textContent = 'Sign in as ' + user.displayName;
        button.addEventListener('click', function () { signIn(user); });
        usersBox.appendChild(button);
      });
      section.hidden = false;
    })
    .catch(function () { /* no demo: the section stays hidden */ });

  refresh.addEventListener('click', showMailbox);

  function signIn(user) {
    fetch('/api/v1/demo/identity-token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: user.userId }),
      credentials: 'same-origin'
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || typeof body.identityToken !== 'string') {
          status.textContent = 'The demo sign-in did not work. Reload the page and try again.';
          return;
        }
        if (!window.tier0WebChat) {
          status.textContent = 'The chat widget has not loaded yet. Try again in a moment.';
          return;
        }
        window.tier0WebChat.signIn(body.identityToken, body.displayName);
        signedIn = user;
        status.textContent = 'Signed in as ' + body.displayName + ' (' + user.email +
          '). Open the chat and ask for help.';
        address.textContent = user.email;
        mailbox.hidden = false;
        showMailbox();
      })
      .catch(function () {
        status.textContent = 'The help desk cannot be reached. Check your connection.';
      });
  }

  function showMailbox() {
    if (!signedIn) {
      return;
    }
    fetch('/api/v1/demo/mailbox?userId=' + encodeURIComponent(signedIn.userId),
      { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        while (mails.firstChild) {
          mails.removeChild(mails.firstChild);
        }
        var list = body && Array.isArray(body.mails) ? body.mails : [];
        if (list.length === 0) {
          var empty = document.createElement('li');
          empty.textContent = 'No mail yet.';
          mails.appendChild(empty);
        }
        list.forEach(function (mail) {
          var item = document.createElement('li');
          var subject = document.createElement('strong');
          subject.textContent = mail.subject;
          var text = document.createElement('pre');
          text.textContent = mail.body;
          item.appendChild(subject);
          item.appendChild(text);
          mails.appendChild(item);
        });
      })
      .catch(function () { /* the refresh button tries again */ });
  }
})();
