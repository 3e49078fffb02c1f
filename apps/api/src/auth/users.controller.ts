import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, AccessService, Permission } from '../../../../libs/access/index.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { CurrentActor, HasPermission } from './auth.decorators.js';
import { ApiTokenQueryDto, CreateApiTokenDto, CreateUserDto, UpdateUserDto, UserQueryDto } from './auth.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('access')
@ApiBearerAuth()
@ApiErrors()
@Controller('api')
export class UsersController {
  constructor(private readonly access: AccessService) {}

  @Get('users')
  @ApiOperation({ summary: 'List users' })
  @HasPermission(Permission.UsersManage)
  list(@Query() query: UserQueryDto) {
    return this.access.listUsers({ role: query.role, groupId: query.groupId }, query);
  }

  @Get('users/:id')
  @ApiOperation({ summary: 'A user with their role and groups' })
  @HasPermission(Permission.UsersManage)
  get(@Param('id', uuid) id: string) {
    return this.access.getUser(id);
  }

  @Post('users')
  @HasPermission(Permission.UsersManage)
  @ApiOperation({ summary: 'Create a user; data officers need at least one group' })
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor) {
    return this.access.createUser(body, actor);
  }

  @Patch('users/:id')
  @HasPermission(Permission.UsersManage)
  @ApiOperation({ summary: "Change a user's name, role, groups or disable them; their sessions end" })
  update(@Param('id', uuid) id: string, @Body() body: UpdateUserDto, @CurrentActor() actor: Actor) {
    return this.access.updateUser(id, body, actor);
  }

  @Get('api-tokens')
  @ApiOperation({ summary: 'List API tokens (never the secrets)' })
  @HasPermission(Permission.TokensManage)
  listTokens(@Query() query: ApiTokenQueryDto) {
    return this.access.listApiTokens({ groupId: query.groupId }, query);
  }

  @Post('api-tokens')
  @HasPermission(Permission.TokensManage)
  @ApiOperation({
    summary:
      "Create an API token (a group's returns, or read-only scorecard); the token is shown only in this response",
  })
  createToken(@Body() body: CreateApiTokenDto, @CurrentActor() actor: Actor) {
    return this.access.createApiToken(body.name, body.groupId ?? null, actor, body.scope);
  }

  @Post('api-tokens/:id/revoke')
  @ApiOperation({ summary: 'Revoke an API token; it stops working at once' })
  @HasPermission(Permission.TokensManage)
  revokeToken(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.access.revokeApiToken(id, actor);
  }
}
