/**
 * Templates the producer ships, in the Kinesis Data Generator's syntax. `templates/` holds each as a file for
 * `--template-file`; the same text is here for code (the tests keep the two equal).
 */

/**
 * A web service's request log line: route, status, latency, response size and a request id, the event the
 * handlers' METRICS reads (two metrics under the dimension sets [route] and [route, status]). Written over
 * several lines; like the KDG, the producer sends it as one line.
 */
export const WEB_EVENT_TEMPLATE = `{
  "service": "shop",
  "route": "{{random.arrayElement(["/buy","/cart","/browse","/search","/checkout"])}}",
  "status": {{random.weightedArrayElement({"weights":[0.85,0.05,0.06,0.04],"data":[200,201,404,500]})}},
  "latencyMs": {{random.number({"min":1,"max":1500,"precision":0.1})}},
  "bytes": {{random.number({"min":200,"max":200000})}},
  "requestId": "{{random.uuid}}"
}`;

/** The shipped templates by name, and the file each is in under `templates/`. */
export const TEMPLATES: Readonly<Record<string, { template: string; file: string }>> = {
  'web-event': { template: WEB_EVENT_TEMPLATE, file: 'templates/web-event.txt' },
};
