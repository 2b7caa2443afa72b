/**
 * What a product without a photo shows instead (feed cards, product page, shop tiles, cart, buy
 * dialog, catalogue admin): the brand's colour and a shopping-bag drawing, not a grey box, so a
 * shop that has not uploaded photos yet still looks cared for. Decorative where the product's
 * name sits next to it; the product page names it ("No photo yet") with `label`.
 */
import type { FC } from 'hono/jsx';

export const ProductPlaceholder: FC<{ class: string; label?: string }> = ({ class: className, label }) => (
  <span
    class={`${className} product-placeholder`}
    {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': 'true' })}
  >
    <svg viewBox="0 0 64 64" focusable="false" aria-hidden="true">
      <path
        d="M14 22h36l-3 32H17z"
        fill="currentColor"
        opacity="0.18"
        stroke="currentColor"
        stroke-width="3"
        stroke-linejoin="round"
      />
      <path d="M24 26v-8a8 8 0 0 1 16 0v8" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" />
    </svg>
  </span>
);
