# syntax=docker/dockerfile:1
# The `contacttrace` host (Orleans silo + HTTP API) as a container image:
#   docker build -t contacttrace:latest .
#   docker run --rm -p 8080:8080 contacttrace:latest            # embedded default, nothing durable
# Ports: 8080 HTTP API and /health, /metrics; 11111 silo-to-silo (mutual TLS off loopback). No Orleans gateway.

# The tracing teams' console (TypeScript, Vite), built where Node.js is.
FROM node:22-bookworm-slim AS console
WORKDIR /console
COPY src/ContactTrace.Console/package.json src/ContactTrace.Console/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src/ContactTrace.Console/ ./
RUN CONSOLE_OUT_DIR=/console-dist npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that a source change does not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Directory.Build.props src/
COPY src/ContactTrace.Abstractions/ContactTrace.Abstractions.csproj src/ContactTrace.Abstractions/
COPY src/ContactTrace.Grains/ContactTrace.Grains.csproj src/ContactTrace.Grains/
COPY src/ContactTrace.Storage/ContactTrace.Storage.csproj src/ContactTrace.Storage/
COPY src/ContactTrace.Host/ContactTrace.Host.csproj src/ContactTrace.Host/
RUN dotnet restore src/ContactTrace.Host/ContactTrace.Host.csproj
COPY src/ src/
COPY --from=console /console-dist /console-dist/
RUN dotnet publish src/ContactTrace.Host -c Release -o /app --no-restore -p:UseAppHost=false -p:SkipConsoleBuild=true -p:ConsoleDist=/console-dist/

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080 11111
# The image's non-root `app` user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1654
ENTRYPOINT ["dotnet", "contacttrace.dll"]
