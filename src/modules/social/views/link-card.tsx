import type { Card } from '../cards';

/**
 * A post's link preview on pages. Only this server's own images are shown: a remote image would
 * tell the linked site who reads the post.
 */
export function LinkCard({ card, publicUrl }: { card: Card; publicUrl: string }) {
  const ownImage = card.image?.startsWith(`${publicUrl}/`) ? card.image : null;
  const provider = card.providerName || new URL(card.url).hostname;
  return (
    <a class="link-card" href={card.url} rel="nofollow noopener noreferrer ugc">
      {ownImage ? (
        <img
          class="link-card-image"
          src={ownImage}
          alt={card.imageDescription}
          loading="lazy"
          width={card.width || undefined}
          height={card.height || undefined}
        />
      ) : null}
      <span class="link-card-body">
        <span class="link-card-provider muted">{provider}</span>
        {card.title ? <strong class="link-card-title">{card.title}</strong> : null}
        {card.description ? <span class="link-card-description">{card.description}</span> : null}
      </span>
    </a>
  );
}
