/** Custom metrics: one Trend per endpoint (milliseconds) and the share of auth steps that went wrong. */
import { Counter, Rate, Trend } from 'k6/metrics';

export const loginDuration = new Trend('login_duration', true);
export const refreshDuration = new Trend('refresh_duration', true);
export const meDuration = new Trend('me_duration', true);
export const logoutDuration = new Trend('logout_duration', true);
/** A failed check on any auth response: wrong status, missing token, someone else's email. */
export const authErrors = new Rate('auth_errors');

// Issue 8's flood test (lib/flood.ts)
export const floodLoginDuration = new Trend('flood_login_duration', true);
export const sessionLoginDuration = new Trend('session_login_duration', true);
export const readyDuration = new Trend('ready_duration', true);
/** Flood logins turned away (429 or 503): how long the refusal took. */
export const floodLoginRejectedDuration = new Trend('flood_login_rejected_duration', true);
/** 1 per flood login turned away, 0 per other answer: a flood the lane never refused was no flood. */
export const floodLoginRejections = new Counter('flood_login_rejections');
/** 1 per request answered otherwise than expected or not at all, 0 per other; tagged with the request's name. */
export const unexpectedAnswers = new Counter('unexpected_answers');
