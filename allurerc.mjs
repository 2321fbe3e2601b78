// Allure 3 report configuration: one self-contained HTML file that opens from file:// offline.
import { defineConfig } from 'allure';

export default defineConfig({
  name: 'netspec',
  output: './reports/html',
  plugins: {
    awesome: { options: { singleFile: true, reportLanguage: 'en', groupBy: ['parentSuite', 'suite', 'subSuite'] } },
  },
  // Separate a broken cloud from a broken topology file and from a bug in netspec itself.
  categories: [
    { name: 'Invariant violated', matchedStatuses: ['failed'], messageRegex: '[\\s\\S]*(toSatisfy|Expected the cloud to satisfy)[\\s\\S]*' },
    { name: 'Path expectation failed', matchedStatuses: ['failed'], messageRegex: '[\\s\\S]*Expected the packet[\\s\\S]*' },
    { name: 'Topology invalid', matchedStatuses: ['failed', 'broken'], messageRegex: '[\\s\\S]*(TopologyError|invalid topology|\\[(unknown-reference|ip-outside-subnet|required|type|syntax|file)\\])[\\s\\S]*' },
    { name: 'Engine error', matchedStatuses: ['broken'] },
  ],
});
