import {
  ReminderSettings,
  BreakdownBody,
  Category,
  CategoryList,
  CategoryTodosQuery,
  CreateCategoryBody,
  CreateSubtodosBody,
  CreateTodoBody,
  DeleteCategoryQuery,
  IdParams,
  MoveBody,
  MoveTodoBody,
  SplitSubtodoBody,
  Subtodo,
  SubtodoList,
  Todo,
  TodoList,
  TodoPage,
  TaskRef,
  TodoRangeQuery,
  UpdateCategoryBody,
  UpdateSubtodoBody,
  UpdateTodoBody,
} from '@madang/contracts'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Ctx } from '../../ctx.ts'
import { requireActor } from '../../core/auth/plugin.ts'
import type { App } from '../../core/http/types.ts'
import * as service from './service/index.ts'
import { getReminderSettings, updateReminderSettings } from './service/reminders.ts'

const SECURED = { tags: ['planner'], security: [{ bearerAuth: [] }] }
const NoContent = { 204: Type.Null({ description: 'Done' }) }

/** A breakdown asks for nothing in particular when sent without a body: validate it as `{}`. */
async function bodyOrEmpty(request: FastifyRequest): Promise<void> {
  request.body ??= {}
}

export async function plannerRoutes(app: App, ctx: Ctx): Promise<void> {
  // Authentication runs first, before the body is parsed or validated.
  app.addHook('onRequest', app.authenticate)

  // Categories ---------------------------------------------------------------------------------

  app.get(
    '/categories',
    { schema: { ...SECURED, summary: 'My categories in order', response: { 200: CategoryList } } },
    async (request) => service.listCategories(ctx, requireActor(request)),
  )

  app.post(
    '/categories',
    {
      schema: {
        ...SECURED,
        summary: 'Add a category at the bottom',
        body: CreateCategoryBody,
        response: { 201: Category },
      },
    },
    async (request, reply) => {
      const category = await service.createCategory(ctx, requireActor(request), request.body)
      return reply.code(201).send(category)
    },
  )

  app.patch(
    '/categories/:id',
    {
      schema: {
        ...SECURED,
        summary: 'Rename or recolor a category',
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: Category },
      },
    },
    async (request) => service.updateCategory(ctx, requireActor(request), request.params.id, request.body),
  )

  app.delete(
    '/categories/:id',
    {
      schema: {
        ...SECURED,
        summary: 'Delete a category; one with todos needs ?todos=delete or ?todos=move&to=<id>',
        params: IdParams,
        querystring: DeleteCategoryQuery,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await service.deleteCategory(ctx, requireActor(request), request.params.id, request.query)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/categories/:id/move',
    {
      schema: {
        ...SECURED,
        summary: 'Move a category next to its new neighbours',
        params: IdParams,
        body: MoveBody,
        response: { 200: Category },
      },
    },
    async (request) => service.moveCategory(ctx, requireActor(request), request.params.id, request.body),
  )

  app.get(
    '/categories/:id/todos',
    {
      schema: {
        ...SECURED,
        summary: "A page of a category's todos (every date and the inbox) in order, with subtodos",
        params: IdParams,
        querystring: CategoryTodosQuery,
        response: { 200: TodoPage },
      },
    },
    async (request) => service.listCategoryTodos(ctx, requireActor(request), request.params.id, request.query),
  )

  // Todos --------------------------------------------------------------------------------------

  app.get(
    '/todos',
    {
      schema: {
        ...SECURED,
        summary: 'My todos dated from..to (both included, at most 62 days), with subtodos',
        querystring: TodoRangeQuery,
        response: { 200: TodoList },
      },
    },
    async (request) => service.listTodosByDate(ctx, requireActor(request), request.query),
  )

  app.get(
    '/todos/inbox',
    { schema: { ...SECURED, summary: 'My todos without a date, with subtodos', response: { 200: TodoList } } },
    async (request) => service.listInbox(ctx, requireActor(request)),
  )

  app.post(
    '/todos',
    {
      schema: {
        ...SECURED,
        summary: 'Add a todo at the bottom of its category',
        body: CreateTodoBody,
        response: { 201: Todo },
      },
    },
    async (request, reply) => {
      const todo = await service.createTodo(ctx, requireActor(request), request.body)
      return reply.code(201).send(todo)
    },
  )

  app.get(
    '/todos/:id',
    { schema: { ...SECURED, summary: 'A todo with its subtodos', params: IdParams, response: { 200: Todo } } },
    async (request) => service.getTodo(ctx, requireActor(request), request.params.id),
  )

  app.patch(
    '/todos/:id',
    {
      schema: {
        ...SECURED,
        summary: 'Edit a todo; a new date moves its subtodos along',
        params: IdParams,
        body: UpdateTodoBody,
        response: { 200: Todo },
      },
    },
    async (request) => service.updateTodo(ctx, requireActor(request), request.params.id, request.body),
  )

  app.delete(
    '/todos/:id',
    { schema: { ...SECURED, summary: 'Delete a todo and its subtodos', params: IdParams, response: NoContent } },
    async (request, reply) => {
      await service.deleteTodo(ctx, requireActor(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/todos/:id/move',
    {
      schema: {
        ...SECURED,
        summary: 'Move a todo next to its new neighbours, optionally into another category',
        params: IdParams,
        body: MoveTodoBody,
        response: { 200: Todo },
      },
    },
    async (request) => service.moveTodo(ctx, requireActor(request), request.params.id, request.body),
  )

  app.post(
    '/todos/:id/breakdown',
    {
      preValidation: bodyOrEmpty,
      schema: {
        ...SECURED,
        summary:
          'Ask for AI-proposed subtodos (about an hour each, or per detail) in a background task; ' +
          'its result holds the proposals, which are saved only when applied with POST /todos/{id}/subtodos',
        params: IdParams,
        body: BreakdownBody,
        response: { 202: TaskRef },
      },
    },
    async (request, reply) => {
      const ref = await service.requestTodoBreakdown(ctx, requireActor(request), request.params.id, request.body)
      return reply.code(202).send(ref)
    },
  )

  // Subtodos -----------------------------------------------------------------------------------

  app.post(
    '/todos/:id/subtodos',
    {
      schema: {
        ...SECURED,
        summary: 'Add one or several subtodos below the others, in the order given',
        params: IdParams,
        body: CreateSubtodosBody,
        response: { 201: SubtodoList },
      },
    },
    async (request, reply) => {
      const list = await service.createSubtodos(ctx, requireActor(request), request.params.id, request.body)
      return reply.code(201).send(list)
    },
  )

  app.patch(
    '/subtodos/:id',
    {
      schema: {
        ...SECURED,
        summary: 'Edit a subtodo',
        params: IdParams,
        body: UpdateSubtodoBody,
        response: { 200: Subtodo },
      },
    },
    async (request) => service.updateSubtodo(ctx, requireActor(request), request.params.id, request.body),
  )

  app.delete(
    '/subtodos/:id',
    { schema: { ...SECURED, summary: 'Delete a subtodo', params: IdParams, response: NoContent } },
    async (request, reply) => {
      await service.deleteSubtodo(ctx, requireActor(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/subtodos/:id/breakdown',
    {
      preValidation: bodyOrEmpty,
      schema: {
        ...SECURED,
        summary:
          'Ask for AI-proposed smaller steps of a subtodo in a background task; ' +
          'apply the chosen ones with POST /subtodos/{id}/split',
        params: IdParams,
        body: BreakdownBody,
        response: { 202: TaskRef },
      },
    },
    async (request, reply) => {
      const ref = await service.requestSubtodoBreakdown(ctx, requireActor(request), request.params.id, request.body)
      return reply.code(202).send(ref)
    },
  )

  app.post(
    '/subtodos/:id/split',
    {
      schema: {
        ...SECURED,
        summary: 'Add subtodos right after this one, in the order given, optionally replacing it',
        params: IdParams,
        body: SplitSubtodoBody,
        response: { 201: SubtodoList },
      },
    },
    async (request, reply) => {
      const list = await service.splitSubtodo(ctx, requireActor(request), request.params.id, request.body)
      return reply.code(201).send(list)
    },
  )

  app.post(
    '/subtodos/:id/move',
    {
      schema: {
        ...SECURED,
        summary: 'Move a subtodo next to its new neighbours under the same todo',
        params: IdParams,
        body: MoveBody,
        response: { 200: Subtodo },
      },
    },
    async (request) => service.moveSubtodo(ctx, requireActor(request), request.params.id, request.body),
  )

  // Reminders ----------------------------------------------------------------------------------

  app.get(
    '/reminders',
    { schema: { ...SECURED, summary: 'When my daily reminders come', response: { 200: ReminderSettings } } },
    async (request) => getReminderSettings(ctx, requireActor(request)),
  )

  app.put(
    '/reminders',
    {
      schema: {
        ...SECURED,
        summary: 'Set my daily reminder times (local HH:MM) or turn them off',
        body: ReminderSettings,
        response: { 200: ReminderSettings },
      },
    },
    async (request) => updateReminderSettings(ctx, requireActor(request), request.body),
  )
}
