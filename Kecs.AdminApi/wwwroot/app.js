// The Kecs web view: polls the admin API and renders clusters, services (deployments, events) and
// tasks (status, exit codes, reasons), with each container's log on demand. No build step.
"use strict";

const admin = location.pathname.replace(/\/[^/]*$/, "");
const pollMilliseconds = 2000;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "onclick") node.addEventListener("click", value);
    else if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  }
  return node;
}

const idOf = (arn) => arn.slice(arn.lastIndexOf("/") + 1);
const status = (value) => element("span", { class: value }, value ?? "");

function table(headings, rows) {
  return element("table", {},
    element("thead", {}, element("tr", {}, headings.map((h) => element("th", {}, h)))),
    element("tbody", {}, rows));
}

function serviceRow(service) {
  const deployments = (service.deployments ?? []).map((d) =>
    element("div", {}, `${d.status} ${d.id} `, status(d.rolloutState), ` ${d.runningCount}/${d.desiredCount} running, ${d.failedTasks} failed`));
  const events = element("ul", { class: "events" },
    (service.events ?? []).slice(0, 5).map((e) => element("li", {}, e.message)));
  return element("tr", { "data-service": service.serviceName },
    element("td", {}, service.serviceName),
    element("td", {}, status(service.status)),
    element("td", {}, `${service.runningCount} running, ${service.pendingCount} pending of ${service.desiredCount}`),
    element("td", {}, deployments, events));
}

function taskRow(task) {
  const containers = (task.containers ?? []).map((c) =>
    element("div", {},
      `${c.name}: `, status(c.lastStatus),
      c.exitCode !== undefined ? ` exit ${c.exitCode}` : "",
      c.reason ? ` (${c.reason})` : "",
      " ", element("button", { type: "button", onclick: () => showLogs(task, c.name) }, "logs")));
  return element("tr", { "data-task": idOf(task.taskArn) },
    element("td", {}, idOf(task.taskArn)),
    element("td", {}, task.group ?? ""),
    element("td", {}, status(task.lastStatus), ` (wants ${task.desiredStatus})`),
    element("td", {}, task.stopCode ? `${task.stopCode}: ${task.stoppedReason ?? ""}` : ""),
    element("td", {}, containers));
}

function clusterView(cluster) {
  const services = cluster.services ?? [];
  const tasks = cluster.tasks ?? [];
  return element("section", { class: "cluster", "data-cluster": cluster.clusterName },
    element("h2", {}, cluster.clusterName, " ", status(cluster.status)),
    element("p", {}, `${cluster.runningTasksCount} running and ${cluster.pendingTasksCount} pending tasks, ${cluster.activeServicesCount} services`),
    element("h3", {}, "Services"),
    services.length ? table(["name", "status", "tasks", "deployments and latest events"], services.map(serviceRow))
      : element("p", { class: "empty" }, "No services."),
    element("h3", {}, "Tasks"),
    tasks.length ? table(["task", "group", "status", "stopped because", "containers"], tasks.map(taskRow))
      : element("p", { class: "empty" }, "No tasks."));
}

async function showLogs(task, container) {
  const panel = document.getElementById("logs");
  document.getElementById("logs-title").textContent = `${container} of task ${idOf(task.taskArn)}`;
  const text = document.getElementById("logs-text");
  text.textContent = "Loading…";
  panel.hidden = false;
  const response = await fetch(`${admin}/tasks/${idOf(task.taskArn)}/logs?container=${encodeURIComponent(container)}`);
  const body = await response.text();
  text.textContent = response.ok ? body : (JSON.parse(body).detail ?? body);
}

async function refresh() {
  try {
    const [state, health] = await Promise.all([
      fetch(`${admin}/api/state`).then((r) => r.json()),
      fetch(`${admin}/health`).then((r) => r.json()),
    ]);
    const pill = document.getElementById("health");
    pill.textContent = health.status;
    pill.className = `pill ${health.status}`;
    document.getElementById("runtime").textContent = `runtime: ${health.components.kubernetes.runtime ?? "unknown"}`;
    document.getElementById("updated").textContent = `updated ${new Date(state.generatedAt).toLocaleTimeString()}`;
    const clusters = document.getElementById("clusters");
    clusters.replaceChildren(...(state.clusters.length ? state.clusters.map(clusterView)
      : [element("p", { class: "empty" }, "No clusters yet. Create one with: aws ecs create-cluster --cluster-name demo")]));
  } catch (error) {
    document.getElementById("health").textContent = `cannot reach Kecs: ${error}`;
  }
}

document.getElementById("logs-close").addEventListener("click", () => { document.getElementById("logs").hidden = true; });
refresh();
setInterval(refresh, pollMilliseconds);
