import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { renderInstanceV1, renderInstanceV2 } from '../views/instance.js';
import {
  NODEINFO_VERSIONS,
  type NodeinfoVersion,
  nodeinfoSchema,
  renderNodeinfo,
  renderNodeinfoLinks,
} from '../views/nodeinfo.js';
import { healthReport } from './healthcheck.js';
import { gatherInstanceStats } from './stats.js';

const isNodeinfoVersion = (value: string): value is NodeinfoVersion =>
  (NODEINFO_VERSIONS as readonly string[]).includes(value);

/** Instance information, discovery and health: none of it needs authentication. */
export function instanceRoutes(deps: AppDeps): Router {
  const router = Router();
  const { config, db } = deps;

  /** Mastodon `GET /api/v1/instance` as Pleroma's InstanceView renders it. */
  router.get('/api/v1/instance', async (_req, res) => {
    res.json(renderInstanceV1(config, await gatherInstanceStats(db)));
  });

  /** Mastodon `GET /api/v2/instance` as Pleroma's InstanceView "show2.json" renders it. */
  router.get('/api/v2/instance', async (_req, res) => {
    res.json(renderInstanceV2(config, await gatherInstanceStats(db)));
  });

  /** NodeInfo discovery: links to the 2.0 and 2.1 documents. */
  router.get('/.well-known/nodeinfo', (_req, res) => {
    res.json(renderNodeinfoLinks(config));
  });

  /** NodeInfo documents at /nodeinfo/2.0(.json) and /nodeinfo/2.1(.json); other versions 404 as in Pleroma. */
  router.get('/nodeinfo/:version', async (req, res) => {
    const version = String(req.params.version).replace(/\.json$/, '');
    if (!isNodeinfoVersion(version)) {
      res.status(404).json({ error: 'Nodeinfo schema version not handled' });
      return;
    }
    const body = renderNodeinfo(version, config, await gatherInstanceStats(db));
    res
      .type(`application/json; profile="${nodeinfoSchema(version)}#"`)
      .set('Cache-Control', 'public, max-age=1800')
      .send(JSON.stringify(body));
  });

  /** §1.3 `GET /api/v1/pleroma/healthcheck`: pool numbers; 503 when disabled or every connection is busy. */
  router.get('/api/v1/pleroma/healthcheck', (_req, res) => {
    if (!config.HEALTHCHECK) {
      res.status(503).json({ error: 'Healthcheck disabled' });
      return;
    }
    const report = healthReport(db, config.DB_POOL_SIZE);
    res.status(report.healthy ? 200 : 503).json(report);
  });

  return router;
}
