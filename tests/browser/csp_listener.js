// Added to every page before its own scripts (Playwright add_init_script): records each
// Content-Security-Policy violation, so a test can read window.__cspViolations afterwards.
(function () {
  "use strict";
  var seen = [];
  Object.defineProperty(window, "__cspViolations", { value: seen });
  document.addEventListener("securitypolicyviolation", function (event) {
    seen.push({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      source: event.sourceFile,
      line: event.lineNumber,
      sample: event.sample
    });
  }, true);
})();
