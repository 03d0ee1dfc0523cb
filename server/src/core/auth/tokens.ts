import { randomUUID } from 'node:crypto'
import type { Role } from '@madang/contracts'
import { SignJWT, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose'
import type { Clock } from '../clock.ts'
import { AppError } from '../errors/app-error.ts'
import { isUuid } from '../ids.ts'

/**
 * Access tokens: short-lived HS256 JWTs bound to this deployment. `iss` is the public URL and
 * `aud` the environment name, so a token minted by another environment sharing the secret is
 * refused (the OneStep dev/prod incident). `sid` names the device session that owns the token.
 */
export interface AccessClaims {
  userId: string
  sessionId: string
  roles: Role[]
}

export interface AccessTokenService {
  sign(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }>
  /** Verifies a token; throws an AppError whose code names exactly what is wrong with it. */
  verify(token: string): Promise<AccessClaims & { expiresAt: Date }>
}

const ALGORITHM = 'HS256'
export function createAccessTokenService(options: {
  secret: string
  issuer: string
  audience: string
  ttlSeconds: number
  clock: Clock
}): AccessTokenService {
  const key = new TextEncoder().encode(options.secret)
  return {
    async sign(claims) {
      const now = options.clock.now()
      const expiresAt = new Date(now.getTime() + options.ttlSeconds * 1000)
      const token = await new SignJWT({ sid: claims.sessionId, roles: claims.roles })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setJti(randomUUID())
        .setSubject(claims.userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key)
      return { token, expiresAt }
    },
    async verify(token) {
      let alg: unknown
      try {
        alg = decodeProtectedHeader(token).alg
      } catch (cause) {
        throw new AppError('auth.malformed_token', { cause })
      }
      if (alg !== ALGORITHM) throw new AppError('auth.algorithm_not_allowed')
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: options.issuer,
          audience: options.audience,
          currentDate: options.clock.now(),
          requiredClaims: ['sub', 'sid', 'exp', 'iat'],
        })
        const roles = Array.isArray(payload.roles) ? (payload.roles.filter((r) => r === 'staff') as Role[]) : []
        const { sub, sid } = payload
        if (typeof sub !== 'string' || typeof sid !== 'string' || !isUuid(sub) || !isUuid(sid)) {
          throw new AppError('auth.malformed_token')
        }
        return { userId: sub, sessionId: sid, roles, expiresAt: new Date((payload.exp ?? 0) * 1000) }
      } catch (error) {
        throw toAuthError(error)
      }
    },
  }
}

function toAuthError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (error instanceof joseErrors.JWTExpired) return new AppError('auth.token_expired', { cause: error })
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new AppError('auth.invalid_signature', { cause: error })
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new AppError('auth.wrong_audience', { cause: error })
    if (error.claim === 'iss') return new AppError('auth.wrong_issuer', { cause: error })
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new AppError('auth.algorithm_not_allowed', { cause: error })
  return new AppError('auth.malformed_token', { cause: error })
}
