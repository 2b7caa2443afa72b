/**
 * The two scripts of embedding, kept tiny and served as files (the widgets' CSP runs only our own
 * scripts, never inline ones).
 *
 * frame.js, in each widget: posts the document's height to the host page whenever it changes. The
 * height is no secret, so any parent may read it ('*').
 *
 * embed.js, on the host page: resizes a Comptoir iframe to the height it posts, only for messages
 * from Comptoir's origin (the script's own) whose sender is one of the page's iframes showing a
 * Comptoir /embed/ page; anything else is ignored. The height is bounded.
 */
export const FRAME_JS = `(function(){var l=0;function s(){var h=Math.ceil(document.body.getBoundingClientRect().height);if(h!==l){l=h;parent.postMessage({comptoir:"resize",height:h},"*")}}if(window.ResizeObserver)new ResizeObserver(s).observe(document.body);addEventListener("load",s);s()})();
`;

export const EMBED_JS = `(function(){var s=document.currentScript,o=s&&new URL(s.src).origin;if(!o||window.__comptoirEmbed)return;window.__comptoirEmbed=1;addEventListener("message",function(e){var d=e.data;if(e.origin!==o||!d||d.comptoir!=="resize"||typeof d.height!=="number")return;var f=document.getElementsByTagName("iframe");for(var i=0;i<f.length;i++)if(f[i].contentWindow===e.source&&f[i].src.indexOf(o+"/embed/")===0)f[i].style.height=Math.max(40,Math.min(d.height,6000))+"px"})})();
`;
