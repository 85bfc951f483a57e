/** Pleroma's backup entity (§10.2, BackupView "show.json"). */
export interface Backup {
  id: string;
  content_type: 'application/zip';
  url: string;
  file_size: number;
  processed: boolean;
  inserted_at: string;
}
