// Starting n8n takes seconds and a busy CI machine can stretch that; e2e tests get generous time.
jest.setTimeout(300_000);
