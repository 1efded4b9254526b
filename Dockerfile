# One image for the worker, the simulators and the codec server (docker-compose.yml picks the command).
# Node 22 LTS: the line CI tests on too (scripts/setup-node.sh, .ci/run). test/build/image.test.ts runs
# this build stage's steps on the machine and starts the runtime stage's CMD and HEALTHCHECK.

# Build: every dependency, the TypeScript compiled to dist/ and the workflows bundled once
# (dist/workflow-bundle.js, which the worker loads instead of bundling at each start), then only the
# production dependencies kept for the runtime stage.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
RUN npm prune --omit=dev

# Runtime: compiled JavaScript, production dependencies, a non-root user.
FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The worker's Node.js flags and environment (V8 heap limits, glibc arenas), set in this one file for
# every way the worker runs; README, "Sizing the worker".
COPY bin/worker-node ./bin/worker-node
USER node
EXPOSE 9464
# Healthy while the worker answers GET /metrics on METRICS_PORT (node's fetch: no curl in slim images).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "dist/healthcheck.js"]
CMD ["bin/worker-node", "dist/worker.js"]
