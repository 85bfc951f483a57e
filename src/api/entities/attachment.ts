/** Mastodon's Attachment entity as Pleroma renders it (spec §12.5). */
export interface Attachment {
  id: string;
  url: string;
  remote_url: string;
  preview_url: string;
  text_url: string;
  type: 'image' | 'video' | 'audio' | 'unknown';
  description: string | null;
  pleroma: { mime_type: string };
  blurhash: string | null;
  meta?: { original: { width: number; height: number; aspect: number } };
}
