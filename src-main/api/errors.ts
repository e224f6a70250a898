/** The api's error, thrown by handlers and sent over the wire as `{ code, message }` (the renderer has its own class). */
import type { ApiErrorBody, ApiErrorCode } from './contract';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Any thrown value's message. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Any thrown value as the wire's `{ code, message }`; unexpected errors become `failed`. */
export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiError) return err.toBody();
  return { code: 'failed', message: errorMessage(err) };
}
