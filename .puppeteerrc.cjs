// Puppeteer (pulled in later by whatsapp-web.js) must never download a browser at install:
// schools' servers and CI use the system Chromium.
module.exports = { skipDownload: true, chrome: { skipDownload: true }, 'chrome-headless-shell': { skipDownload: true } };
