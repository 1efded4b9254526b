# One image for the worker, the simulators and the codec server (docker-compose.yml picks the command).
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
# Dev dependencies stay: the processes run the TypeScript sources through tsx, and the worker bundles
# the workflows at start.
RUN npm install --include=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY docs ./docs
USER node
CMD ["npx", "tsx", "src/worker.ts"]
