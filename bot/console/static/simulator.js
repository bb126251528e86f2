// The chat simulator: every message goes to /simulator/send, which signs it as WeChat would
// and posts it to this server's /wechat.
(function () {
  "use strict";
  var phone = document.getElementById("phone");
  var log = document.getElementById("log");
  var input = document.getElementById("text");
  var sub = document.getElementById("sub");
  var busy = false;

  function bubble(text, who, voice) {
    var div = document.createElement("div");
    div.className = "bubble " + who + (voice ? " voice" : "");
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function send(payload, shown, voice) {
    if (busy) { return; }
    busy = true;
    if (shown) { bubble(shown, "me", voice); }
    payload.user = phone.dataset.user;
    fetch("/simulator/send", {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Simulator-Token": phone.dataset.token},
      body: JSON.stringify(payload),
      credentials: "same-origin"
    }).then(function (r) { return r.json(); }).then(function (data) {
      bubble(data.reply || (data.error ? "[错误] " + data.error : "（没有回复）"), "bot");
    }).catch(function (e) {
      bubble("[错误] " + e, "bot");
    }).finally(function () { busy = false; });
  }

  document.getElementById("send").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send({kind: "text", text: text}, text, false);
  });
  document.getElementById("send-voice").addEventListener("click", function () {
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send({kind: "voice", text: text}, text, true);
  });
  Array.prototype.forEach.call(document.querySelectorAll("#menu button.top"), function (btn) {
    btn.addEventListener("click", function () {
      var subs = JSON.parse(btn.dataset.subs || "[]");
      if (!subs.length) { send({kind: "click", key: btn.dataset.key}, "［菜单］" + btn.textContent, false); return; }
      var open = sub.classList.contains("open") && sub.dataset.owner === btn.textContent;
      sub.innerHTML = "";
      sub.classList.toggle("open", !open);
      sub.dataset.owner = btn.textContent;
      if (open) { return; }
      subs.forEach(function (s) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = s.name;
        b.dataset.key = s.key;
        b.addEventListener("click", function () {
          sub.classList.remove("open");
          send({kind: "click", key: s.key}, "［菜单］" + s.name, false);
        });
        sub.appendChild(b);
      });
    });
  });
  send({kind: "subscribe"}, "", false);
})();
