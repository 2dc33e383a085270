"""End-to-end tests: headless Chromium makes real cross-origin calls to apps using flask_cors."""
