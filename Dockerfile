# Annals: the server (and the `annals` CLI) on Node 20. TypeScript runs through tsx, so there is no build step.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/data

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. Runtime dependencies only: tsx is one.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY --chown=node:node bin ./bin
COPY --chown=node:node src ./src
COPY --chown=node:node tsconfig.json ./

# DATA_DIR holds master.key (unless MASTER_KEY is set) and, without DATABASE_URL, the embedded cluster.
RUN mkdir -p /data && chown node:node /data
VOLUME /data

# The image's own unprivileged user (uid 1000).
USER node

EXPOSE 4000

HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/api/v1/pleroma/healthcheck').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# npm forwards SIGTERM to the server, which closes the HTTP server, projections and pools before exiting.
CMD ["npm", "start"]
