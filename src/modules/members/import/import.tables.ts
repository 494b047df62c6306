export type MemberImportStatus = 'uploaded' | 'validating' | 'validated' | 'importing' | 'completed' | 'failed';
export type MemberImportMode = 'all_or_nothing' | 'valid_only';
export type MemberImportFormat = 'xlsx' | 'csv';

/** One uploaded member file and where it stands: uploaded → validating → validated → importing → completed. */
export interface MemberImportsTable {
  merchant_id: string;
  id: string;
  status: MemberImportStatus;
  file_name: string;
  file_format: MemberImportFormat;
  /** the uploaded file itself, so validation and commit can run on any server */
  file_data: Buffer;
  /** JSON: target field → column index of the file, or null */
  mapping: string | null;
  mode: MemberImportMode;
  default_store_id: string | null;
  /** language the row messages are written in (of the staff member who validated) */
  lang: string;
  total_rows: number;
  /** progress of the running phase (validation or import), rows done */
  progress_done: number;
  error_rows: number;
  imported_rows: number;
  /** JSON array of every problem: { row, field, code, message } */
  errors: string;
  /** why the last background run failed (an error code), null otherwise */
  failure_code: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface MemberImportTables {
  member_imports: MemberImportsTable;
}
