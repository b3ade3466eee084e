import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../lib/contract.js';
import type { Role } from '../../lib/roles.js';
import {
  phoneSurveyInput,
  publicSurvey,
  publicSurveyAnswered,
  satisfactionQuery,
  satisfactionReport,
  survey,
  surveyAnswersInput,
  surveyList,
  surveyListQuery,
  surveyTokenParam,
} from './surveys.contract.js';
import type { SurveysService } from './surveys.service.js';

/** Who reads surveys and the satisfaction rate. */
export const surveyReaders: readonly Role[] = ['admin', 'executive', 'station_manager', 'agent', 'quality'];
/** Who records a phone survey (the customer service desk). */
export const surveyRecorders: readonly Role[] = ['admin', 'station_manager', 'agent'];

const tags = ['surveys'];
/** The customer's link: no account, so rate limited per address. */
const publicLimit = { max: 30, timeWindow: '1 minute' };

export const surveysRoutes =
  (deps: { surveys: SurveysService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { surveys } = deps;
    app.get(
      '/api/surveys',
      {
        config: { access: surveyReaders },
        schema: {
          tags,
          summary:
            'Surveys by status: the call list (due = unanswered within the due time, overdue = unanswered past it), pending, answered, superseded',
          querystring: surveyListQuery,
          response: { 200: surveyList },
        },
      },
      async (request) => surveys.list(request.actor!, request.query),
    );
    app.get(
      '/api/surveys/satisfaction',
      {
        config: { access: surveyReaders },
        schema: {
          tags,
          summary:
            'Satisfaction rate (share of answered surveys with overall ≥ satisfied) per station, engineer or month against the target; from/to are dates in the org time zone (default: the last 12 months)',
          querystring: satisfactionQuery,
          response: { 200: satisfactionReport },
        },
      },
      async (request) => surveys.satisfaction(request.actor!, request.query),
    );
    app.get(
      '/api/surveys/:id',
      {
        config: { access: surveyReaders },
        schema: { tags, summary: 'One survey', params: idParam, response: { 200: survey } },
      },
      async (request) => surveys.get(request.actor!, request.params.id),
    );
    app.post(
      '/api/surveys/:id/answers',
      {
        config: { access: surveyRecorders },
        schema: {
          tags,
          summary:
            'Record the answers the customer gave on the phone; a low score opens a complaint draft. Answered already → 409; stale version → 409',
          params: idParam,
          body: phoneSurveyInput,
          response: { 200: survey },
        },
      },
      async (request) => surveys.recordPhoneSurvey(request.actor!, request.params.id, request.body),
    );

    // ---------- the customer's one-time link (no account) ----------
    app.get(
      '/api/survey-links/:token',
      {
        config: { access: 'public', rateLimit: publicLimit },
        schema: {
          tags,
          summary:
            "What the customer's link shows (ticket number, closure date, engineer's name). Unknown token → 404; used, expired or replaced → 410",
          params: surveyTokenParam,
          response: { 200: publicSurvey },
        },
      },
      async (request) => surveys.publicView(request.params.token),
    );
    app.post(
      '/api/survey-links/:token',
      {
        config: { access: 'public', rateLimit: publicLimit },
        schema: {
          tags,
          summary:
            'The customer answers the survey through the link — once. Unknown token → 404; used, expired or replaced → 410',
          params: surveyTokenParam,
          body: surveyAnswersInput,
          response: { 200: publicSurveyAnswered },
        },
      },
      async (request) => surveys.publicAnswer(request.params.token, request.body),
    );
  };
