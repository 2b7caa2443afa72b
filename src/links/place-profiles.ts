/** Places on profiles: a person's badges, a brand's link to its places (social's profile sections). */
import { placesProfileSection } from '../modules/places';
import type { AppExtensions } from './extensions';

export function registerPlaceProfiles(extensions: AppExtensions): void {
  extensions.profileSections.register(placesProfileSection);
}
