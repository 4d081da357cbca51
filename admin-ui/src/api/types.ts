// Names for the generated API types (schema.d.ts, from the backend's
// OpenAPI document by `npm run gen:api`). Nothing here is written by hand
// except the page wrapper, whose items the generator marks nullable.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Article = Schemas['Article'];
export type ArticleInput = Schemas['EditorialArticleInput'];
export type Block = Schemas['Block'];
export type Content = Schemas['Content'];
export type Revision = Schemas['Revision'];
export type Diff = Schemas['EditorialDiff'];
export type BlockChange = Schemas['EditorialBlockChange'];
export type FieldChange = Schemas['EditorialFieldChange'];
export type TextChange = Schemas['EditorialTextChange'];
export type WorkflowEvent = Schemas['WorkflowEvent'];
export type TransitionInput = Partial<Schemas['EditorialTransitionInput']>;
export type PreviewLink = Schemas['EditorialPreviewLink'];
export type LiveEntry = Schemas['LiveEntry'];
export type LiveEntryInput = Schemas['EditorialLiveEntryInput'];
export type Story = Schemas['Story'];
export type StoryInput = Schemas['EditorialStoryInput'];
export type StoryArticle = Schemas['StoryArticle'];
export type Section = Schemas['Section'];
export type SectionInput = Schemas['EditorialSectionInput'];
export type Tag = Schemas['Tag'];
export type TagInput = Schemas['EditorialTagInput'];
export type Author = Schemas['Author'];
export type AuthorInput = Schemas['EditorialAuthorInput'];
export type MediaAsset = Schemas['MediaAsset'];
export type MediaPatch = Schemas['MediaPatch'];
export type User = Schemas['User'];
export type NewUser = Schemas['AccountsNewUser'];
export type UserPatch = Schemas['AccountsUserPatch'];
export type Writer = Schemas['AccountsWriter'];
export type LoginResult = Schemas['AccountsLogin'];
export type AuditEvent = Schemas['AuditEvent'];

/** Page is one page of a list: {"data": [...], "next_cursor": "..." | null}. */
export interface Page<T> {
  data: T[];
  next_cursor?: string | null;
}
export type Comment = Schemas['Comment'];
export type CommenterHistory = Schemas['CommenterHistory'];
export type BulkInput = Schemas['ModerationBulkInput'];
export type BulkAnswer = Schemas['AdminbulkAnswer'];
export type Ban = Schemas['Ban'];
export type BanInput = Schemas['ModerationBanInput'];
export type Webhook = Schemas['Webhook'];
export type WebhookInput = Schemas['WebhookInput'];
export type WebhookDelivery = Schemas['Delivery'];
export type ApiKey = Schemas['APIKey'];
export type DeliveryArticle = Schemas['DeliveryArticle'];
