import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request } from 'express';
import { type Actor, AccessService, Permission } from '../../../../libs/access/index.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { CurrentActor, HasPermission, Public } from './auth.decorators.js';
import { SignInDto } from './auth.dto.js';
import { bearerToken } from './auth.guard.js';

@ApiTags('auth')
@ApiErrors()
@Controller('api/auth')
export class AuthController {
  constructor(private readonly access: AccessService) {}

  @Post('sign-in')
  @HttpCode(200)
  @Public()
  // Per IP, on top of the per-account lockout, so one address cannot try many accounts quickly.
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({ summary: 'Sign in with email and password; returns a bearer session token' })
  signIn(@Body() body: SignInDto, @Req() request: Request) {
    return this.access.signIn(body.email, body.password, request.ip);
  }

  @Post('sign-out')
  @ApiOperation({ summary: 'Sign out: the session token stops working' })
  @HttpCode(204)
  @ApiBearerAuth()
  @HasPermission(Permission.SessionUse)
  async signOut(@Req() request: Request): Promise<void> {
    const token = bearerToken(request);
    if (token) await this.access.signOut(token);
  }

  @Get('me')
  @ApiBearerAuth()
  @HasPermission(Permission.SessionUse)
  @ApiOperation({ summary: 'Who the bearer token acts as' })
  me(@CurrentActor() actor: Actor) {
    return actor.kind === 'user' && actor.id ? this.access.getUser(actor.id) : actor;
  }
}
