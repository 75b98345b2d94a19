import { readRsvp } from './src/domain/reply/parser.js';
console.log(JSON.stringify(readRsvp('If my husband comes back early with the car I will come')));
