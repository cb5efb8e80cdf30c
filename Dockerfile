# EIA Portfolio: docker compose up --build (see compose.yaml), or
#   docker build -t eia-portfolio . && docker run -p 3000:3000 -v eia-data:/data eia-portfolio
# Two stages: the build has the dev dependencies (TypeScript); the runtime image has only what
# production needs, and runs as the unprivileged `node` user of the official image.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY migrations migrations
COPY scripts scripts
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim
# The MALLOC_ settings are npm start's (see README, Performance: memory): freed native memory
# goes back to the system instead of staying with the process.
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# Read at run time from the project root (src/paths.ts): pages, static files, criteria sets, schemas.
COPY views views
COPY public public
COPY criteria criteria
COPY schemas schemas
# DATA_DIR holds the embedded database, the generated session secret and the evidence files
# (the evidence files stay here with DATABASE_URL too).
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/server.js"]
