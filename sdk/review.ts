// The admission request a predicate is judged in: Gatekeeper's `input.review`. A predicate that
// takes a fourth parameter `review: AdmissionReview` reads it; the compiler maps it to
// `input.review`. Like the object, every field comes from the API server and may be absent.
import type { KubeObject } from "./object.js";

/** Who sent the request. */
export interface UserInfo {
  readonly username?: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** `input.review`: the AdmissionRequest of the object being admitted or audited. */
export interface AdmissionReview {
  /** `CREATE`, `UPDATE`, `DELETE` or `CONNECT`. Gatekeeper's audit reviews existing objects as `CREATE`... or leaves it unset: guard for both. */
  readonly operation?: string;
  readonly userInfo?: UserInfo;
  /** The object before an UPDATE (or the object being deleted); null or absent otherwise. */
  readonly oldObject?: KubeObject | null;
  readonly object?: KubeObject;
  readonly name?: string;
  readonly namespace?: string;
  readonly kind?: { readonly group?: string; readonly version?: string; readonly kind?: string };
  readonly dryRun?: boolean;
}
