// Staff workspace: a warning two minutes before the idle sign-out, with a way to stay.
// Progressive enhancement only: without this script the session still ends after 30 idle
// minutes and the "Stay signed in" button still works.
(function () {
	var meta = document.querySelector('meta[name="idle-sign-out"]');
	var warning = document.getElementById('idle-warning');
	if (!meta || !warning) return;
	var deadline = Date.parse(meta.getAttribute('content') || '');
	if (isNaN(deadline)) return;
	var warnAt = deadline - 2 * 60 * 1000;
	function check() {
		var now = Date.now();
		if (now >= deadline) {
			window.location.href = '/admin/sign-in';
			return;
		}
		if (now >= warnAt && warning.hidden) {
			warning.hidden = false;
			var button = warning.querySelector('button');
			if (button) button.focus();
		}
		window.setTimeout(check, 5000);
	}
	window.setTimeout(check, Math.max(0, Math.min(warnAt - Date.now(), 60000)));
})();
