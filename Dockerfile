FROM node:22-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY apps/bff/package.json apps/bff/
COPY apps/console/package.json apps/console/
COPY packages/domain/package.json packages/domain/
COPY packages/contract/package.json packages/contract/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
# The compiled BFF (pnpm build): no TypeScript loader at run time. Its Node flags: apps/bff/src/node-flags.ts.
CMD ["node", "--enable-source-maps", "--heap-growing-percent=50", "apps/bff/dist/server.js"]
