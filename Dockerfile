# One image for the API and the worker; docker-compose.yml picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# Chart text is drawn with system fonts by @napi-rs/canvas; the slim image has none.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
# The pages' templates and stylesheet are read at run time, not compiled.
COPY --from=build /app/apps/api/views ./apps/api/views
COPY --from=build /app/apps/api/static ./apps/api/static
RUN mkdir -p /var/lib/cypp/storage && chown node:node /var/lib/cypp/storage
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
