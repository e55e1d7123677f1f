/**
 * The widget's stylesheet, scoped by its shadow root. `all: initial` keeps the host page's inherited
 * styles out; custom properties still inherit, so a site can set `--porchlight-accent` on `#porchlight`.
 */
export const styles = `
:host{all:initial}
*{box-sizing:border-box}
.root{--a:var(--porchlight-accent,#2457d6);font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330}
button{font:inherit;cursor:pointer}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483646;width:56px;height:56px;border:0;border-radius:50%;background:var(--a);color:#fff;box-shadow:0 4px 14px #0003;display:grid;place-items:center}
.launcher svg{width:26px;height:26px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;padding:0 5px;border-radius:10px;background:#d62d2d;font-size:12px;line-height:20px}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483647;width:370px;height:min(560px,calc(100vh - 108px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 10px 40px #0003;overflow:hidden}
.panel[hidden]{display:none}
header{display:flex;align-items:center;justify-content:space-between;padding:14px 16px;background:var(--a);color:#fff;font-weight:600}
header button{border:0;background:none;color:inherit;font-size:22px;line-height:1;padding:0 4px}
.status{margin:0;padding:6px 16px;background:#fff6dd;font-size:13px}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f7f9}
.empty{margin:auto;color:#667;text-align:center}
.m{max-width:80%;padding:8px 12px;border-radius:12px;background:#fff;box-shadow:0 1px 2px #0001;white-space:pre-wrap;overflow-wrap:anywhere}
.m.visitor{align-self:flex-end;background:var(--a);color:#fff}
.m.system{align-self:center;background:none;box-shadow:none;color:#667;font-size:13px}
.m.pending{opacity:.6}
.who,.meta{display:block;font-size:12px;opacity:.75}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #e4e6eb}
textarea{flex:1;resize:none;border:1px solid #ccd;border-radius:10px;padding:8px 10px;font:inherit;max-height:120px;field-sizing:content}
textarea:focus,input:focus,button:focus-visible{outline:2px solid var(--a);outline-offset:1px}
form button{border:0;border-radius:10px;padding:0 14px;background:var(--a);color:#fff;font-weight:600}
.email{flex-wrap:wrap;font-size:13px}
.email span{flex-basis:100%}
.email input{flex:1;min-width:0;border:1px solid #ccd;border-radius:10px;padding:6px 10px;font:inherit}
.email [type=button]{background:none;color:inherit}
.error{color:#b00020}
.typing,.note{margin:0;padding:4px 16px;color:#667;font-size:13px}
.typing:empty{display:none}
.note{padding:12px 16px;border-top:1px solid #e4e6eb}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border-radius:0}}
`
