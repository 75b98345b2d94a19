# One image for every role (api, worker); docker-compose.yml picks the role with ROLE.
FROM node:20-bookworm-slim

# Puppeteer (pulled in by whatsapp-web.js) must not download a browser during npm ci.
ENV NODE_ENV=production \
    PUPPETEER_SKIP_DOWNLOAD=true

WORKDIR /app

# Dependencies first, so code changes do not re-run npm ci. tsx is a runtime dependency:
# the app runs its TypeScript directly, there is no build step.
COPY package*.json .npmrc .puppeteerrc.cjs ./
RUN npm ci --omit=dev && npm cache clean --force

# tsx reads its compiler options from tsconfig.json.
COPY tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY locales ./locales

# The code stays owned by root (read-only for the app); only the data folder is writable.
# .data for a private Redis and WhatsApp sessions; /media for the files parents send (a volume in docker-compose.yml).
RUN mkdir -p .data /media && chown node:node .data /media
USER node

EXPOSE 3000
CMD ["node", "--import", "tsx", "src/main.ts"]
