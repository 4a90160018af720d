/** Custom metrics: one Trend per endpoint (milliseconds) and the share of auth steps that went wrong. */
import { Rate, Trend } from 'k6/metrics';

export const loginDuration = new Trend('login_duration', true);
export const refreshDuration = new Trend('refresh_duration', true);
export const meDuration = new Trend('me_duration', true);
export const logoutDuration = new Trend('logout_duration', true);
/** A failed check on any auth response: wrong status, missing token, someone else's email. */
export const authErrors = new Rate('auth_errors');
