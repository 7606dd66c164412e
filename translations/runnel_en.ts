<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AlarmDialog</name>
    <message>
        <source>Create alarm</source>
        <translation>Create alarm</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. orders-bytes-in-high</source>
        <translation>e.g. orders-bytes-in-high</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation>&amp;Metric:</translation>
    </message>
    <message>
        <source>&amp;Statistic:</source>
        <translation>&amp;Statistic:</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>&amp;Whenever the metric is:</source>
        <translation>&amp;Whenever the metric is:</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Threshold</translation>
    </message>
    <message>
        <source>Datapoints to &amp;alarm:</source>
        <translation>Datapoints to &amp;alarm:</translation>
    </message>
    <message>
        <source>out of</source>
        <translation>out of</translation>
    </message>
    <message>
        <source>Periods evaluated</source>
        <translation>Periods evaluated</translation>
    </message>
    <message>
        <source>periods</source>
        <translation>periods</translation>
    </message>
    <message>
        <source>Missing &amp;data:</source>
        <translation>Missing &amp;data:</translation>
    </message>
</context>
<context>
    <name>ClientInfo</name>
    <message>
        <source>list brokers and topics</source>
        <translation>list brokers and topics</translation>
    </message>
    <message>
        <source>produce lines from stdin to a topic</source>
        <translation>produce lines from stdin to a topic</translation>
    </message>
    <message>
        <source>consume a topic from the beginning</source>
        <translation>consume a topic from the beginning</translation>
    </message>
    <message>
        <source>Java reads a PEM key store as one file holding the key and the chain</source>
        <translation>Java reads a PEM key store as one file holding the key and the chain</translation>
    </message>
</context>
<context>
    <name>ConnectionTester</name>
    <message>
        <source>Enter at least one bootstrap server as host:port.</source>
        <translation>Enter at least one bootstrap server as host:port.</translation>
    </message>
    <message>
        <source>The setting %1 was refused by the Kafka client: %2</source>
        <translation>The setting %1 was refused by the Kafka client: %2</translation>
    </message>
    <message>
        <source>The Kafka client could not start: %1</source>
        <translation>The Kafka client could not start: %1</translation>
    </message>
    <message>
        <source>No broker answered within %1 s (%2). Check the bootstrap address, that the cluster is running, and the security protocol.</source>
        <translation>No broker answered within %1 s (%2). Check the bootstrap address, that the cluster is running, and the security protocol.</translation>
    </message>
    <message>
        <source>The cluster refused the credentials (%1). Check the user name, password and mechanism.</source>
        <translation>The cluster refused the credentials (%1). Check the user name, password and mechanism.</translation>
    </message>
    <message>
        <source>The TLS handshake failed (%1). Check the CA file and the client certificate and key.</source>
        <translation>The TLS handshake failed (%1). Check the CA file and the client certificate and key.</translation>
    </message>
    <message>
        <source>The metadata request failed: %1</source>
        <translation>The metadata request failed: %1</translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n broker(s), %1 topic(s).</source>
        <translation>
            <numerusform>Connected: %n broker, %1 topic(s).</numerusform>
            <numerusform>Connected: %n brokers, %1 topic(s).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>&quot;%1&quot; is not a time. Write it as 2026-11-25 14:30:00 (local time) or as milliseconds since 1970.</source>
        <translation>&quot;%1&quot; is not a time. Write it as 2026-11-25 14:30:00 (local time) or as milliseconds since 1970.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a whole number.</source>
        <translation>&quot;%1&quot; is not a whole number.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an offset: write a whole number of 0 or more.</source>
        <translation>&quot;%1&quot; is not an offset: write a whole number of 0 or more.</translation>
    </message>
    <message>
        <source>Line %1 (&quot;%2&quot;) is not of the form key=value.</source>
        <translation>Line %1 (&quot;%2&quot;) is not of the form key=value.</translation>
    </message>
    <message>
        <source>Select a consumer group to see its lag over time.</source>
        <translation>Select a consumer group to see its lag over time.</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Consumer groups</source>
        <translation>Consumer groups</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metrics</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AclDialog</name>
    <message>
        <source>Create ACL</source>
        <translation>Create ACL</translation>
    </message>
    <message>
        <source>orders, orders- (PREFIXED), * for all</source>
        <translation>orders, orders- (PREFIXED), * for all</translation>
    </message>
    <message>
        <source>User:alice, User:* for everyone</source>
        <translation>User:alice, User:* for everyone</translation>
    </message>
    <message>
        <source>Resource type</source>
        <translation>Resource type</translation>
    </message>
    <message>
        <source>Resource name</source>
        <translation>Resource name</translation>
    </message>
    <message>
        <source>Pattern type</source>
        <translation>Pattern type</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>Permission</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Create</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AclModel</name>
    <message>
        <source>Resource type</source>
        <translation>Resource type</translation>
    </message>
    <message>
        <source>Resource name</source>
        <translation>Resource name</translation>
    </message>
    <message>
        <source>Pattern type</source>
        <translation>Pattern type</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>Permission</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AclsPage</name>
    <message>
        <source>Filter by resource, principal, operation…</source>
        <translation>Filter by resource, principal, operation…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Create ACL…</source>
        <translation>Create ACL…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>What-if check</source>
        <translation>What-if check</translation>
    </message>
    <message>
        <source>allow.everyone.if.no.acl.found</source>
        <translation>allow.everyone.if.no.acl.found</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Can principal</source>
        <translation>Can principal</translation>
    </message>
    <message>
        <source>do operation</source>
        <translation>do operation</translation>
    </message>
    <message>
        <source>on resource type</source>
        <translation>on resource type</translation>
    </message>
    <message>
        <source>named</source>
        <translation>named</translation>
    </message>
    <message>
        <source>from host</source>
        <translation>from host</translation>
    </message>
    <message>
        <source>Super users</source>
        <translation>Super users</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message numerus="yes">
        <source>%n ACL(s).</source>
        <translation>
            <numerusform>%n ACL.</numerusform>
            <numerusform>%n ACLs.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not list the ACLs: %1</source>
        <translation>Could not list the ACLs: %1</translation>
    </message>
    <message>
        <source>ACL created.</source>
        <translation>ACL created.</translation>
    </message>
    <message>
        <source>ACL deleted.</source>
        <translation>ACL deleted.</translation>
    </message>
    <message>
        <source>Could not create the ACL: %1</source>
        <translation>Could not create the ACL: %1</translation>
    </message>
    <message>
        <source>Could not delete the ACL: %1</source>
        <translation>Could not delete the ACL: %1</translation>
    </message>
    <message>
        <source>Creating the ACL…</source>
        <translation>Creating the ACL…</translation>
    </message>
    <message>
        <source>Deleting the ACL…</source>
        <translation>Deleting the ACL…</translation>
    </message>
    <message>
        <source>Delete ACLs</source>
        <translation>Delete ACLs</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n ACL(s)? Clients they allowed lose that access.</source>
        <translation>
            <numerusform>Delete %n ACL? Clients it allowed lose that access.</numerusform>
            <numerusform>Delete %n ACLs? Clients they allowed lose that access.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmDialog</name>
    <message>
        <source>Greater than</source>
        <translation>Greater than</translation>
    </message>
    <message>
        <source>Greater than or equal to</source>
        <translation>Greater than or equal to</translation>
    </message>
    <message>
        <source>Less than</source>
        <translation>Less than</translation>
    </message>
    <message>
        <source>Less than or equal to</source>
        <translation>Less than or equal to</translation>
    </message>
    <message>
        <source>Treat as missing</source>
        <translation>Treat as missing</translation>
    </message>
    <message>
        <source>Treat as good (not breaching)</source>
        <translation>Treat as good (not breaching)</translation>
    </message>
    <message>
        <source>Treat as bad (breaching)</source>
        <translation>Treat as bad (breaching)</translation>
    </message>
    <message>
        <source>Ignore (keep the state)</source>
        <translation>Ignore (keep the state)</translation>
    </message>
    <message>
        <source>No metric has reported data yet; an alarm needs a metric to watch.</source>
        <translation>No metric has reported data yet; an alarm needs a metric to watch.</translation>
    </message>
    <message>
        <source>Enter the threshold the metric is compared with.</source>
        <translation>Enter the threshold the metric is compared with.</translation>
    </message>
    <message>
        <source>“%1” is not a number; enter the threshold as a number such as %2.</source>
        <translation>“%1” is not a number; enter the threshold as a number such as %2.</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Average</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Sum</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Sample count</source>
        <translation>Sample count</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmHistoryModel</name>
    <message>
        <source>State update</source>
        <translation>State update</translation>
    </message>
    <message>
        <source>Configuration update</source>
        <translation>Configuration update</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmInfo</name>
    <message>
        <source>Give the alarm a name.</source>
        <translation>Give the alarm a name.</translation>
    </message>
    <message>
        <source>An alarm name has at most 255 characters.</source>
        <translation>An alarm name has at most 255 characters.</translation>
    </message>
    <message>
        <source>An alarm name may not contain control characters.</source>
        <translation>An alarm name may not contain control characters.</translation>
    </message>
    <message>
        <source>An alarm named “%1” already exists; choose another name.</source>
        <translation>An alarm named “%1” already exists; choose another name.</translation>
    </message>
    <message>
        <source>Choose the metric the alarm watches.</source>
        <translation>Choose the metric the alarm watches.</translation>
    </message>
    <message>
        <source>Choose how the metric is compared with the threshold.</source>
        <translation>Choose how the metric is compared with the threshold.</translation>
    </message>
    <message>
        <source>The threshold must be a number.</source>
        <translation>The threshold must be a number.</translation>
    </message>
    <message>
        <source>Choose the period over which the metric is aggregated.</source>
        <translation>Choose the period over which the metric is aggregated.</translation>
    </message>
    <message>
        <source>The alarm must look at one period or more.</source>
        <translation>The alarm must look at one period or more.</translation>
    </message>
    <message>
        <source>The periods that must breach (%1) must be between 1 and the periods evaluated (%2).</source>
        <translation>The periods that must breach (%1) must be between 1 and the periods evaluated (%2).</translation>
    </message>
    <message>
        <source>The periods evaluated may cover at most one week; use fewer or shorter periods.</source>
        <translation>The periods evaluated may cover at most one week; use fewer or shorter periods.</translation>
    </message>
    <message>
        <source>The agent&apos;s DescribeAlarms reply has no MetricAlarms list.</source>
        <translation>The agent&apos;s DescribeAlarms reply has no MetricAlarms list.</translation>
    </message>
    <message>
        <source>The agent&apos;s DescribeAlarms reply has an alarm without a name.</source>
        <translation>The agent&apos;s DescribeAlarms reply has an alarm without a name.</translation>
    </message>
    <message>
        <source>The agent&apos;s DescribeAlarmHistory reply has no AlarmHistoryItems list.</source>
        <translation>The agent&apos;s DescribeAlarmHistory reply has no AlarmHistoryItems list.</translation>
    </message>
    <message>
        <source>The agent&apos;s DescribeAlarmHistory reply has an item without an alarm name or a readable time.</source>
        <translation>The agent&apos;s DescribeAlarmHistory reply has an item without an alarm name or a readable time.</translation>
    </message>
    <message>
        <source>%1 %2 %3 %4 for %5 of %6 periods of %7</source>
        <translation>%1 %2 %3 %4 for %5 of %6 periods of %7</translation>
    </message>
    <message>
        <source>In alarm</source>
        <translation>In alarm</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Insufficient data</source>
        <translation>Insufficient data</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmListModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metric</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <source>Last state update</source>
        <translation>Last state update</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmNotifier</name>
    <message>
        <source>Runnel alarms</source>
        <translation>Runnel alarms</translation>
    </message>
    <message>
        <source>Alarm “%1” is in ALARM</source>
        <translation>Alarm “%1” is in ALARM</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmsPanel</name>
    <message>
        <source>&amp;Create alarm…</source>
        <translation>&amp;Create alarm…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <source>Alarm history</source>
        <translation>Alarm history</translation>
    </message>
    <message>
        <source>History of all alarms</source>
        <translation>History of all alarms</translation>
    </message>
    <message>
        <source>Alarms could not be loaded: %1</source>
        <translation>Alarms could not be loaded: %1</translation>
    </message>
    <message>
        <source>History of “%1”</source>
        <translation>History of “%1”</translation>
    </message>
    <message>
        <source>Alarm history could not be loaded: %1</source>
        <translation>Alarm history could not be loaded: %1</translation>
    </message>
    <message>
        <source>Delete alarm</source>
        <translation>Delete alarm</translation>
    </message>
    <message>
        <source>Delete the alarm “%1” and its history?</source>
        <translation>Delete the alarm “%1” and its history?</translation>
    </message>
    <message>
        <source>The alarm “%1” could not be deleted: %2</source>
        <translation>The alarm “%1” could not be deleted: %2</translation>
    </message>
    <message>
        <source>The alarm “%1” could not be created: %2</source>
        <translation>The alarm “%1” could not be created: %2</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AuditModel</name>
    <message>
        <source>Success</source>
        <translation>Success</translation>
    </message>
    <message>
        <source>Parameters: %1</source>
        <translation>Parameters: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AuditView</name>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Every change made through the agent — accepted or refused — with its caller and parameters (secrets redacted).</source>
        <translation>Every change made through the agent — accepted or refused — with its caller and parameters (secrets redacted).</translation>
    </message>
    <message>
        <source>All operations</source>
        <translation>All operations</translation>
    </message>
    <message>
        <source>All results</source>
        <translation>All results</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Succeeded</translation>
    </message>
    <message>
        <source>Refused or failed</source>
        <translation>Refused or failed</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>Export JSON…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Could not read the audit log: %1</source>
        <translation>Could not read the audit log: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>Export audit log</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) to %1.</source>
        <translation>
            <numerusform>Exported %n event to %1.</numerusform>
            <numerusform>Exported %n events to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>runnel::ui::BrokerLogDialog</name>
    <message>
        <source>Follow</source>
        <translation>Follow</translation>
    </message>
    <message>
        <source>Log — %1</source>
        <translation>Log — %1</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>All levels</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info and above</translation>
    </message>
    <message>
        <source>Warnings and above</source>
        <translation>Warnings and above</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Errors only</translation>
    </message>
    <message>
        <source>Filter lines</source>
        <translation>Filter lines</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Level:</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Reading %1…</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>Could not read %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n line(s)</source>
        <translation>
            <numerusform>%1 — %n line</numerusform>
            <numerusform>%1 — %n lines</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>runnel::ui::BrokerLogModel</name>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Fatal</source>
        <translation>Fatal</translation>
    </message>
</context>
<context>
    <name>runnel::ui::BrokerModel</name>
    <message>
        <source>Starting</source>
        <translation>Starting</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>Stopping</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Controller</source>
        <translation>Controller</translation>
    </message>
    <message>
        <source>Leaders</source>
        <translation>Leaders</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <source>Disk used</source>
        <translation>Disk used</translation>
    </message>
    <message>
        <source>CPU (user)</source>
        <translation>CPU (user)</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memory</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Restarts</translation>
    </message>
    <message>
        <source>&lt; 0.01 %</source>
        <translation>&lt; 0.01 %</translation>
    </message>
</context>
<context>
    <name>runnel::ui::CertificatesPage</name>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>Could not create the folder %1.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
    <message>
        <source>Cluster certificate authority</source>
        <translation>Cluster certificate authority</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Copy PEM</source>
        <translation>Copy PEM</translation>
    </message>
    <message>
        <source>Export PEM…</source>
        <translation>Export PEM…</translation>
    </message>
    <message>
        <source>Export the cluster CA</source>
        <translation>Export the cluster CA</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem)</source>
        <translation>PEM certificates (*.pem)</translation>
    </message>
    <message>
        <source>Issue a client certificate</source>
        <translation>Issue a client certificate</translation>
    </message>
    <message>
        <source>e.g. billing-service</source>
        <translation>e.g. billing-service</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Folder for the files</source>
        <translation>Folder for the files</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>Common name</source>
        <translation>Common name</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Broker certificates</source>
        <translation>Broker certificates</translation>
    </message>
    <message>
        <source>Rotate broker certificates…</source>
        <translation>Rotate broker certificates…</translation>
    </message>
    <message>
        <source>New keys and certificates from the same CA; each broker restarts in turn, so clients that trust the CA keep working.</source>
        <translation>New keys and certificates from the same CA; each broker restarts in turn, so clients that trust the CA keep working.</translation>
    </message>
    <message>
        <source>No certificate authority: %1</source>
        <translation>No certificate authority: %1</translation>
    </message>
    <message>
        <source>Subject: %1
Valid from %2 to %3
SHA-256: %4</source>
        <translation>Subject: %1
Valid from %2 to %3
SHA-256: %4</translation>
    </message>
    <message>
        <source>The CA&apos;s PEM is on the clipboard.</source>
        <translation>The CA&apos;s PEM is on the clipboard.</translation>
    </message>
    <message>
        <source>The CA is not loaded yet.</source>
        <translation>The CA is not loaded yet.</translation>
    </message>
    <message>
        <source>The CA is saved in %1.</source>
        <translation>The CA is saved in %1.</translation>
    </message>
    <message>
        <source>The common name has 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;@&apos; or &apos;-&apos; and starts with a letter or digit.</source>
        <translation>The common name has 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;@&apos; or &apos;-&apos; and starts with a letter or digit.</translation>
    </message>
    <message>
        <source>Choose the folder for the certificate&apos;s files.</source>
        <translation>Choose the folder for the certificate&apos;s files.</translation>
    </message>
    <message>
        <source>Issuing…</source>
        <translation>Issuing…</translation>
    </message>
    <message>
        <source>Could not issue a certificate for %1: %2</source>
        <translation>Could not issue a certificate for %1: %2</translation>
    </message>
    <message>
        <source>Issued. The brokers see this client as %1.
Files in %2: %3.pem, %3-key.pem (only you can read it) and ca.pem.</source>
        <translation>Issued. The brokers see this client as %1.
Files in %2: %3.pem, %3-key.pem (only you can read it) and ca.pem.</translation>
    </message>
    <message>
        <source>Rotate broker certificates</source>
        <translation>Rotate broker certificates</translation>
    </message>
    <message>
        <source>Issue new broker certificates and restart the brokers one by one?</source>
        <translation>Issue new broker certificates and restart the brokers one by one?</translation>
    </message>
    <message>
        <source>Starting the rotation…</source>
        <translation>Starting the rotation…</translation>
    </message>
    <message>
        <source>Could not rotate the certificates: %1</source>
        <translation>Could not rotate the certificates: %1</translation>
    </message>
    <message>
        <source>Could not read the progress: %1</source>
        <translation>Could not read the progress: %1</translation>
    </message>
    <message>
        <source>Every broker runs with its new certificate.</source>
        <translation>Every broker runs with its new certificate.</translation>
    </message>
    <message>
        <source>The rotation failed: %1</source>
        <translation>The rotation failed: %1</translation>
    </message>
    <message>
        <source>Rotating…</source>
        <translation>Rotating…</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ClientInfoDialog</name>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Client information — %1</source>
        <translation>Client information — %1</translation>
    </message>
    <message>
        <source>Bootstrap servers</source>
        <translation>Bootstrap servers</translation>
    </message>
    <message>
        <source>librdkafka properties</source>
        <translation>librdkafka properties</translation>
    </message>
    <message>
        <source>Java properties</source>
        <translation>Java properties</translation>
    </message>
    <message>
        <source>Python (confluent-kafka)</source>
        <translation>Python (confluent-kafka)</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ClusterListModel</name>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Creating</source>
        <translation>Creating</translation>
    </message>
    <message>
        <source>Updating</source>
        <translation>Updating</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Rebooting broker</source>
        <translation>Rebooting broker</translation>
    </message>
    <message>
        <source>Healing</source>
        <translation>Healing</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>Deleting</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Reachable</source>
        <translation>Reachable</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Unreachable</translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation>Not tested</translation>
    </message>
    <message>
        <source>External connection %1 (%2)</source>
        <translation>External connection %1 (%2)</translation>
    </message>
    <message>
        <source>Local cluster %1</source>
        <translation>Local cluster %1</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>Brokers</translation>
    </message>
    <message>
        <source>Bootstrap servers</source>
        <translation>Bootstrap servers</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ClusterPage</name>
    <message>
        <source>Plaintext, unauthenticated</source>
        <translation>Plaintext, unauthenticated</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>SASL over plaintext</source>
        <translation>SASL over plaintext</translation>
    </message>
    <message>
        <source>SASL over TLS</source>
        <translation>SASL over TLS</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>Brokers</translation>
    </message>
    <message>
        <source>View client information</source>
        <translation>View client information</translation>
    </message>
    <message>
        <source>Update configuration…</source>
        <translation>Update configuration…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Remove…</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Data directory</translation>
    </message>
    <message>
        <source>Bootstrap servers</source>
        <translation>Bootstrap servers</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Plaintext</source>
        <translation>Plaintext</translation>
    </message>
    <message>
        <source>SASL/SCRAM</source>
        <translation>SASL/SCRAM</translation>
    </message>
    <message>
        <source>Operation in progress</source>
        <translation>Operation in progress</translation>
    </message>
    <message>
        <source>Recent operations</source>
        <translation>Recent operations</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>Reboot</translation>
    </message>
    <message>
        <source>Restart the selected broker (RebootBroker)</source>
        <translation>Restart the selected broker (RebootBroker)</translation>
    </message>
    <message>
        <source>Kill (fault lab)</source>
        <translation>Kill (fault lab)</translation>
    </message>
    <message>
        <source>Send SIGKILL to the selected broker&apos;s process; the agent heals it</source>
        <translation>Send SIGKILL to the selected broker&apos;s process; the agent heals it</translation>
    </message>
    <message>
        <source>View log</source>
        <translation>View log</translation>
    </message>
    <message>
        <source>Leader and partition counts, disk, CPU and memory appear when the agent reports broker metrics; until then they show “—”.</source>
        <translation>Leader and partition counts, disk, CPU and memory appear when the agent reports broker metrics; until then they show “—”.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>System certificate store</source>
        <translation>System certificate store</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>Not tested yet.</translation>
    </message>
    <message>
        <source>Runnel defaults</source>
        <translation>Runnel defaults</translation>
    </message>
    <message>
        <source>%1, revision %2</source>
        <translation>%1, revision %2</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>Broker %1 is not running, so there is no process to kill.</source>
        <translation>Broker %1 is not running, so there is no process to kill.</translation>
    </message>
    <message>
        <source>Process %1 is no longer broker %2; refresh and try again.</source>
        <translation>Process %1 is no longer broker %2; refresh and try again.</translation>
    </message>
    <message>
        <source>Could not kill process %1: %2</source>
        <translation>Could not kill process %1: %2</translation>
    </message>
    <message>
        <source>Broker %1 (process %2) was killed; the agent will heal it.</source>
        <translation>Broker %1 (process %2) was killed; the agent will heal it.</translation>
    </message>
    <message>
        <source>Kill broker</source>
        <translation>Kill broker</translation>
    </message>
    <message>
        <source>Select a broker first.</source>
        <translation>Select a broker first.</translation>
    </message>
    <message>
        <source>Kill broker %1 of %2 with SIGKILL (process %3)? Clients lose their connections to it; the agent detects the exit and heals the broker (HEALING, then ACTIVE).</source>
        <translation>Kill broker %1 of %2 with SIGKILL (process %3)? Clients lose their connections to it; the agent detects the exit and heals the broker (HEALING, then ACTIVE).</translation>
    </message>
    <message>
        <source>Reboot broker</source>
        <translation>Reboot broker</translation>
    </message>
    <message>
        <source>Reboot broker %1 of %2? It stops cleanly and starts again with the same data.</source>
        <translation>Reboot broker %1 of %2? It stops cleanly and starts again with the same data.</translation>
    </message>
    <message>
        <source>Broker log</source>
        <translation>Broker log</translation>
    </message>
    <message>
        <source>%1 — broker %2</source>
        <translation>%1 — broker %2</translation>
    </message>
    <message>
        <source>Not enabled on this cluster</source>
        <translation>Not enabled on this cluster</translation>
    </message>
    <message>
        <source>Delete cluster</source>
        <translation>Delete cluster</translation>
    </message>
    <message>
        <source>Deleting cluster %1…</source>
        <translation>Deleting cluster %1…</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Testing the connection…</translation>
    </message>
    <message>
        <source>Broker %1 at %2:%3</source>
        <translation>Broker %1 at %2:%3</translation>
    </message>
    <message>
        <source>Cluster id: %1</source>
        <translation>Cluster id: %1</translation>
    </message>
    <message>
        <source>Not enabled</source>
        <translation>Not enabled</translation>
    </message>
    <message>
        <source>ACLs</source>
        <translation>ACLs</translation>
    </message>
    <message>
        <source>Update storage…</source>
        <translation>Update storage…</translation>
    </message>
    <message>
        <source>Storage per broker</source>
        <translation>Storage per broker</translation>
    </message>
    <message>
        <source>Empty while the cluster has no %1 listener; the cluster&apos;s security settings (chosen at creation) decide which exist.</source>
        <translation>Empty while the cluster has no %1 listener; the cluster&apos;s security settings (chosen at creation) decide which exist.</translation>
    </message>
    <message>
        <source>%1 GiB (EBS volume)</source>
        <translation>%1 GiB (EBS volume)</translation>
    </message>
    <message>
        <source>%1 MiB (EBS volume)</source>
        <translation>%1 MiB (EBS volume)</translation>
    </message>
    <message>
        <source>Broker count…</source>
        <translation>Broker count…</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ClusterSettingsModel</name>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Editable after creation</source>
        <translation>Editable after creation</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ConnectionDialog</name>
    <message>
        <source>Edit connection</source>
        <translation>Edit connection</translation>
    </message>
    <message>
        <source>Add external cluster</source>
        <translation>Add external cluster</translation>
    </message>
    <message>
        <source>for example staging MSK</source>
        <translation>for example staging MSK</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Bootstrap servers</source>
        <translation>Bootstrap servers</translation>
    </message>
    <message>
        <source>Plaintext</source>
        <translation>Plaintext</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>SASL over plaintext</source>
        <translation>SASL over plaintext</translation>
    </message>
    <message>
        <source>SASL over TLS</source>
        <translation>SASL over TLS</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>SASL mechanism</source>
        <translation>SASL mechanism</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>CA certificate (PEM)</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>Client certificate (PEM)</source>
        <translation>Client certificate (PEM)</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Client certificate</translation>
    </message>
    <message>
        <source>Client key (PEM)</source>
        <translation>Client key (PEM)</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>Client key</translation>
    </message>
    <message>
        <source>empty: the system&apos;s certificate store</source>
        <translation>empty: the system&apos;s certificate store</translation>
    </message>
    <message>
        <source>only for TLS client authentication</source>
        <translation>only for TLS client authentication</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM files (*.pem *.crt *.key);;All files (*)</translation>
    </message>
    <message>
        <source>Enter at least one bootstrap server as host:port.</source>
        <translation>Enter at least one bootstrap server as host:port.</translation>
    </message>
    <message>
        <source>“%1” is not host:port.</source>
        <translation>“%1” is not host:port.</translation>
    </message>
    <message>
        <source>Enter the SASL user name.</source>
        <translation>Enter the SASL user name.</translation>
    </message>
    <message>
        <source>Enter the SASL password.</source>
        <translation>Enter the SASL password.</translation>
    </message>
    <message>
        <source>The file %1 cannot be read.</source>
        <translation>The file %1 cannot be read.</translation>
    </message>
    <message>
        <source>A client certificate needs its key, and a key its certificate.</source>
        <translation>A client certificate needs its key, and a key its certificate.</translation>
    </message>
    <message>
        <source>A connection named %1 exists already.</source>
        <translation>A connection named %1 exists already.</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Testing the connection…</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ConnectionStore</name>
    <message>
        <source>Give the connection a name.</source>
        <translation>Give the connection a name.</translation>
    </message>
    <message>
        <source>A connection name has up to 64 letters, digits, spaces, dots, hyphens or underscores, and starts with a letter or digit.</source>
        <translation>A connection name has up to 64 letters, digits, spaces, dots, hyphens or underscores, and starts with a letter or digit.</translation>
    </message>
    <message>
        <source>Saved. This connection has no password to keep.</source>
        <translation>Saved. This connection has no password to keep.</translation>
    </message>
    <message>
        <source>Saved without the password: no keychain was found (install libsecret-tools and a Secret Service such as GNOME Keyring). The password is kept for this session only.</source>
        <translation>Saved without the password: no keychain was found (install libsecret-tools and a Secret Service such as GNOME Keyring). The password is kept for this session only.</translation>
    </message>
    <message>
        <source>Runnel connection %1</source>
        <translation>Runnel connection %1</translation>
    </message>
    <message>
        <source>Saved; the password is in your keychain.</source>
        <translation>Saved; the password is in your keychain.</translation>
    </message>
    <message>
        <source>Saved without the password: the keychain refused it (%1). The password is kept for this session only.</source>
        <translation>Saved without the password: the keychain refused it (%1). The password is kept for this session only.</translation>
    </message>
    <message>
        <source>Saved without the password: secret-tool could not start. The password is kept for this session only.</source>
        <translation>Saved without the password: secret-tool could not start. The password is kept for this session only.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::CreateClusterWizard</name>
    <message>
        <source>Create cluster</source>
        <translation>Create cluster</translation>
    </message>
    <message>
        <source>Enter a cluster name.</source>
        <translation>Enter a cluster name.</translation>
    </message>
    <message>
        <source>A cluster name has 1 to 64 letters, digits or hyphens and starts with a letter or digit.</source>
        <translation>A cluster name has 1 to 64 letters, digits or hyphens and starts with a letter or digit.</translation>
    </message>
    <message>
        <source>Choose how much to decide now. Everything can be reviewed before the cluster is created.</source>
        <translation>Choose how much to decide now. Everything can be reviewed before the cluster is created.</translation>
    </message>
    <message>
        <source>Quick create</source>
        <translation>Quick create</translation>
    </message>
    <message>
        <source>Custom create</source>
        <translation>Custom create</translation>
    </message>
    <message>
        <source>A name is all it takes: recommended defaults for everything else, ACTIVE in seconds.</source>
        <translation>A name is all it takes: recommended defaults for everything else, ACTIVE in seconds.</translation>
    </message>
    <message>
        <source>MSK&apos;s five steps: cluster settings, networking, security, monitoring, review.</source>
        <translation>MSK&apos;s five steps: cluster settings, networking, security, monitoring, review.</translation>
    </message>
    <message>
        <source>Name the cluster; the other settings take the defaults below.</source>
        <translation>Name the cluster; the other settings take the defaults below.</translation>
    </message>
    <message>
        <source>for example orders</source>
        <translation>for example orders</translation>
    </message>
    <message>
        <source>Cluster name</source>
        <translation>Cluster name</translation>
    </message>
    <message>
        <source>All cluster settings</source>
        <translation>All cluster settings</translation>
    </message>
    <message>
        <source>Step 1 of 5: Cluster settings</source>
        <translation>Step 1 of 5: Cluster settings</translation>
    </message>
    <message>
        <source>Name, engine, brokers, storage and configuration.</source>
        <translation>Name, engine, brokers, storage and configuration.</translation>
    </message>
    <message>
        <source>Engine version</source>
        <translation>Engine version</translation>
    </message>
    <message>
        <source>runneld %1 (Kafka wire protocol)</source>
        <translation>runneld %1 (Kafka wire protocol)</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>Brokers</translation>
    </message>
    <message>
        <source>Zones (broker racks)</source>
        <translation>Zones (broker racks)</translation>
    </message>
    <message>
        <source>One rack — not configurable yet</source>
        <translation>One rack — not configurable yet</translation>
    </message>
    <message>
        <source>Storage per broker</source>
        <translation>Storage per broker</translation>
    </message>
    <message>
        <source>Runnel defaults</source>
        <translation>Runnel defaults</translation>
    </message>
    <message>
        <source>A saved configuration</source>
        <translation>A saved configuration</translation>
    </message>
    <message>
        <source>Custom server.properties</source>
        <translation>Custom server.properties</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>latest</source>
        <translation>latest</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Saved configuration</source>
        <translation>Saved configuration</translation>
    </message>
    <message>
        <source>server.properties</source>
        <translation>server.properties</translation>
    </message>
    <message>
        <source>There is no saved configuration yet; create one from a cluster&apos;s “Update configuration”, or write server.properties here.</source>
        <translation>There is no saved configuration yet; create one from a cluster&apos;s “Update configuration”, or write server.properties here.</translation>
    </message>
    <message>
        <source>Line %1 is not key=value.</source>
        <translation>Line %1 is not key=value.</translation>
    </message>
    <message>
        <source>Line %1: %2 is set by the agent for each broker; remove it.</source>
        <translation>Line %1: %2 is set by the agent for each broker; remove it.</translation>
    </message>
    <message>
        <source>Step 2 of 5: Networking</source>
        <translation>Step 2 of 5: Networking</translation>
    </message>
    <message>
        <source>Where clients reach the brokers.</source>
        <translation>Where clients reach the brokers.</translation>
    </message>
    <message>
        <source>Bind address</source>
        <translation>Bind address</translation>
    </message>
    <message>
        <source>127.0.0.1 — loopback only</source>
        <translation>127.0.0.1 — loopback only</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>9092 (MSK&apos;s plaintext port), or the next free port</source>
        <translation>9092 (MSK&apos;s plaintext port), or the next free port</translation>
    </message>
    <message>
        <source>The agent binds every broker to loopback and picks the ports itself; exposing a cluster on the network is not offered yet, so these are shown, not chosen.</source>
        <translation>The agent binds every broker to loopback and picks the ports itself; exposing a cluster on the network is not offered yet, so these are shown, not chosen.</translation>
    </message>
    <message>
        <source>Step 3 of 5: Security</source>
        <translation>Step 3 of 5: Security</translation>
    </message>
    <message>
        <source>Access control and encryption.</source>
        <translation>Access control and encryption.</translation>
    </message>
    <message>
        <source>Unauthenticated access</source>
        <translation>Unauthenticated access</translation>
    </message>
    <message>
        <source>Encryption at rest</source>
        <translation>Encryption at rest</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Step 4 of 5: Monitoring</source>
        <translation>Step 4 of 5: Monitoring</translation>
    </message>
    <message>
        <source>How much the cluster reports.</source>
        <translation>How much the cluster reports.</translation>
    </message>
    <message>
        <source>Basic (DEFAULT)</source>
        <translation>Basic (DEFAULT)</translation>
    </message>
    <message>
        <source>Per broker (PER_BROKER)</source>
        <translation>Per broker (PER_BROKER)</translation>
    </message>
    <message>
        <source>Per topic per broker (PER_TOPIC_PER_BROKER)</source>
        <translation>Per topic per broker (PER_TOPIC_PER_BROKER)</translation>
    </message>
    <message>
        <source>Per topic per partition (PER_TOPIC_PER_PARTITION)</source>
        <translation>Per topic per partition (PER_TOPIC_PER_PARTITION)</translation>
    </message>
    <message>
        <source>Enhanced monitoring</source>
        <translation>Enhanced monitoring</translation>
    </message>
    <message>
        <source>JMX Exporter</source>
        <translation>JMX Exporter</translation>
    </message>
    <message>
        <source>Node Exporter</source>
        <translation>Node Exporter</translation>
    </message>
    <message>
        <source>Open monitoring with Prometheus</source>
        <translation>Open monitoring with Prometheus</translation>
    </message>
    <message>
        <source>These are sent as EnhancedMonitoring and OpenMonitoring. If the agent does not apply them, the console says so once the cluster exists.</source>
        <translation>These are sent as EnhancedMonitoring and OpenMonitoring. If the agent does not apply them, the console says so once the cluster exists.</translation>
    </message>
    <message>
        <source>Step 5 of 5: Review and create</source>
        <translation>Step 5 of 5: Review and create</translation>
    </message>
    <message>
        <source>Check the settings; the same cluster can be created from a terminal with the command below.</source>
        <translation>Check the settings; the same cluster can be created from a terminal with the command below.</translation>
    </message>
    <message>
        <source>Equivalent runnelctl command</source>
        <translation>Equivalent runnelctl command</translation>
    </message>
    <message>
        <source>aws kafka create-cluster-v2 input (JSON)</source>
        <translation>aws kafka create-cluster-v2 input (JSON)</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>Copy command</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>Export JSON…</translation>
    </message>
    <message>
        <source>Creating the cluster</source>
        <translation>Creating the cluster</translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation>Change settings</translation>
    </message>
    <message>
        <source>Cluster %1 is ACTIVE.</source>
        <translation>Cluster %1 is ACTIVE.</translation>
    </message>
    <message>
        <source>Cluster %1 FAILED: %2</source>
        <translation>Cluster %1 FAILED: %2</translation>
    </message>
    <message>
        <source># with your settings saved as server.properties</source>
        <translation># with your settings saved as server.properties</translation>
    </message>
    <message>
        <source>%1, revision %2</source>
        <translation>%1, revision %2</translation>
    </message>
    <message numerus="yes">
        <source>Custom server.properties (%n line(s))</source>
        <translation>
            <numerusform>Custom server.properties (%n line)</numerusform>
            <numerusform>Custom server.properties (%n lines)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cluster type</source>
        <translation>Cluster type</translation>
    </message>
    <message>
        <source>Provisioned</source>
        <translation>Provisioned</translation>
    </message>
    <message>
        <source>runneld %1</source>
        <translation>runneld %1</translation>
    </message>
    <message>
        <source>One rack</source>
        <translation>One rack</translation>
    </message>
    <message>
        <source>127.0.0.1 (loopback only)</source>
        <translation>127.0.0.1 (loopback only)</translation>
    </message>
    <message>
        <source>9092, or the next free port</source>
        <translation>9092, or the next free port</translation>
    </message>
    <message>
        <source>Unauthenticated</source>
        <translation>Unauthenticated</translation>
    </message>
    <message>
        <source>Open monitoring (Prometheus)</source>
        <translation>Open monitoring (Prometheus)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Auto-recovery</source>
        <translation>Auto-recovery</translation>
    </message>
    <message>
        <source>On: a broker that dies is restarted with its data</source>
        <translation>On: a broker that dies is restarted with its data</translation>
    </message>
    <message>
        <source>Export cluster settings</source>
        <translation>Export cluster settings</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
    <message>
        <source>Asking the agent to create %1…</source>
        <translation>Asking the agent to create %1…</translation>
    </message>
    <message>
        <source>The agent did not create the cluster.</source>
        <translation>The agent did not create the cluster.</translation>
    </message>
    <message>
        <source>Creating %1 (%2)…</source>
        <translation>Creating %1 (%2)…</translation>
    </message>
    <message>
        <source>The agent created the cluster but did not report %1: this agent does not apply those settings yet.</source>
        <translation>The agent created the cluster but did not report %1: this agent does not apply those settings yet.</translation>
    </message>
    <message>
        <source>With 2 or more brokers, every broker is also a voter of the metadata quorum; 3 or more give topics 3 replicas and min.insync.replicas 2.</source>
        <translation>With 2 or more brokers, every broker is also a voter of the metadata quorum; 3 or more give topics 3 replicas and min.insync.replicas 2.</translation>
    </message>
    <message>
        <source>Enter the storage size per broker in GiB.</source>
        <translation>Enter the storage size per broker in GiB.</translation>
    </message>
    <message>
        <source>The storage size is a whole number of GiB from 1 to %1.</source>
        <translation>The storage size is a whole number of GiB from 1 to %1.</translation>
    </message>
    <message>
        <source>The EBS volume size of each broker, as in MSK&apos;s wizard</source>
        <translation>The EBS volume size of each broker, as in MSK&apos;s wizard</translation>
    </message>
    <message>
        <source>GiB (1–%1)</source>
        <translation>GiB (1–%1)</translation>
    </message>
    <message>
        <source>Every broker gets the same size; it can grow later with “Update storage”, never shrink.</source>
        <translation>Every broker gets the same size; it can grow later with “Update storage”, never shrink.</translation>
    </message>
    <message>
        <source>SASL/SCRAM authentication</source>
        <translation>SASL/SCRAM authentication</translation>
    </message>
    <message>
        <source>TLS client authentication (client certificates)</source>
        <translation>TLS client authentication (client certificates)</translation>
    </message>
    <message>
        <source>Any client that reaches the brokers may use them (without ACLs).</source>
        <translation>Any client that reaches the brokers may use them (without ACLs).</translation>
    </message>
    <message>
        <source>Users and passwords you create on the cluster&apos;s Security tab (SCRAM-SHA-256 or SCRAM-SHA-512, over TLS).</source>
        <translation>Users and passwords you create on the cluster&apos;s Security tab (SCRAM-SHA-256 or SCRAM-SHA-512, over TLS).</translation>
    </message>
    <message>
        <source>Clients present a certificate issued by the cluster&apos;s own certificate authority (Security tab, “Issue client certificate”).</source>
        <translation>Clients present a certificate issued by the cluster&apos;s own certificate authority (Security tab, “Issue client certificate”).</translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation>Client authentication</translation>
    </message>
    <message>
        <source>Plaintext only (PLAINTEXT)</source>
        <translation>Plaintext only (PLAINTEXT)</translation>
    </message>
    <message>
        <source>TLS encryption only (TLS)</source>
        <translation>TLS encryption only (TLS)</translation>
    </message>
    <message>
        <source>Both TLS and plaintext (TLS_PLAINTEXT)</source>
        <translation>Both TLS and plaintext (TLS_PLAINTEXT)</translation>
    </message>
    <message>
        <source>Encryption between clients and brokers</source>
        <translation>Encryption between clients and brokers</translation>
    </message>
    <message>
        <source>Encrypt data between the brokers (TLS)</source>
        <translation>Encrypt data between the brokers (TLS)</translation>
    </message>
    <message>
        <source>Encryption within the cluster</source>
        <translation>Encryption within the cluster</translation>
    </message>
    <message>
        <source>With TLS the agent makes the cluster its own certificate authority; its CA certificate is on the Security tab. A loopback-only cluster is reachable from this computer only.</source>
        <translation>With TLS the agent makes the cluster its own certificate authority; its CA certificate is on the Security tab. A loopback-only cluster is reachable from this computer only.</translation>
    </message>
    <message>
        <source>Choose at least one kind of client authentication.</source>
        <translation>Choose at least one kind of client authentication.</translation>
    </message>
    <message>
        <source>SASL/SCRAM and TLS client authentication need TLS between clients and brokers; choose TLS or TLS_PLAINTEXT.</source>
        <translation>SASL/SCRAM and TLS client authentication need TLS between clients and brokers; choose TLS or TLS_PLAINTEXT.</translation>
    </message>
    <message>
        <source># runnelctl always encrypts within the cluster with TLS; only the console or the JSON below turns it off</source>
        <translation># runnelctl always encrypts within the cluster with TLS; only the console or the JSON below turns it off</translation>
    </message>
    <message>
        <source>SASL/SCRAM</source>
        <translation>SASL/SCRAM</translation>
    </message>
    <message>
        <source>TLS client certificates</source>
        <translation>TLS client certificates</translation>
    </message>
    <message>
        <source>None chosen</source>
        <translation>None chosen</translation>
    </message>
    <message>
        <source>%1 GiB (can grow, never shrinks)</source>
        <translation>%1 GiB (can grow, never shrinks)</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Encrypt the brokers&apos; data on disk (AES-256-GCM)</source>
        <translation>Encrypt the brokers&apos; data on disk (AES-256-GCM)</translation>
    </message>
    <message>
        <source>The agent keeps the key outside the data directories; it is chosen now and cannot be turned on or off later.</source>
        <translation>The agent keeps the key outside the data directories; it is chosen now and cannot be turned on or off later.</translation>
    </message>
    <message>
        <source>AES-256-GCM, key kept by the agent</source>
        <translation>AES-256-GCM, key kept by the agent</translation>
    </message>
</context>
<context>
    <name>runnel::ui::CreateTopicDialog</name>
    <message>
        <source>Give the topic a name.</source>
        <translation>Give the topic a name.</translation>
    </message>
    <message>
        <source>A topic cannot be named &quot;.&quot; or &quot;..&quot;.</source>
        <translation>A topic cannot be named &quot;.&quot; or &quot;..&quot;.</translation>
    </message>
    <message>
        <source>A topic name can have at most 249 characters.</source>
        <translation>A topic name can have at most 249 characters.</translation>
    </message>
    <message>
        <source>A topic name may use only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>A topic name may use only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</translation>
    </message>
    <message>
        <source>A topic needs at least one partition.</source>
        <translation>A topic needs at least one partition.</translation>
    </message>
    <message>
        <source>The replication factor must be at least 1.</source>
        <translation>The replication factor must be at least 1.</translation>
    </message>
    <message>
        <source>The replication factor (%1) cannot exceed the number of brokers (%2).</source>
        <translation>The replication factor (%1) cannot exceed the number of brokers (%2).</translation>
    </message>
    <message>
        <source>A configuration line has no name.</source>
        <translation>A configuration line has no name.</translation>
    </message>
    <message>
        <source>%1 must be a whole number (or -1 for no limit), not &quot;%2&quot;.</source>
        <translation>%1 must be a whole number (or -1 for no limit), not &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>cleanup.policy must be delete, compact or both, not &quot;%1&quot;.</source>
        <translation>cleanup.policy must be delete, compact or both, not &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>min.insync.replicas (%1) cannot exceed the replication factor (%2).</source>
        <translation>min.insync.replicas (%1) cannot exceed the replication factor (%2).</translation>
    </message>
    <message>
        <source>Create topic</source>
        <translation>Create topic</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Partitions:</source>
        <translation>&amp;Partitions:</translation>
    </message>
    <message>
        <source>&amp;Replication factor:</source>
        <translation>&amp;Replication factor:</translation>
    </message>
    <message>
        <source>optional overrides, one per line: retention.ms=86400000</source>
        <translation>optional overrides, one per line: retention.ms=86400000</translation>
    </message>
    <message>
        <source>&amp;Configuration:</source>
        <translation>&amp;Configuration:</translation>
    </message>
    <message>
        <source>Configuration: %1</source>
        <translation>Configuration: %1</translation>
    </message>
</context>
<context>
    <name>runnel::ui::DeleteClusterDialog</name>
    <message>
        <source>Delete cluster %1</source>
        <translation>Delete cluster %1</translation>
    </message>
    <message>
        <source>Deleting %1 stops its brokers and removes all of its data: every topic and message. This cannot be undone.

Type the cluster&apos;s name to confirm:</source>
        <translation>Deleting %1 stops its brokers and removes all of its data: every topic and message. This cannot be undone.

Type the cluster&apos;s name to confirm:</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupListModel</name>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Total lag</source>
        <translation>Total lag</translation>
    </message>
    <message>
        <source>Rebalancing (PreparingRebalance)</source>
        <translation>Rebalancing (PreparingRebalance)</translation>
    </message>
    <message>
        <source>Rebalancing (CompletingRebalance)</source>
        <translation>Rebalancing (CompletingRebalance)</translation>
    </message>
    <message>
        <source>Stable</source>
        <translation>Stable</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>Dead</translation>
    </message>
    <message>
        <source>Empty (no members)</source>
        <translation>Empty (no members)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupMemberModel</name>
    <message>
        <source>Member</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client id</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Assigned partitions</source>
        <translation>Assigned partitions</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupOffsetModel</name>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>Committed</translation>
    </message>
    <message>
        <source>End offset</source>
        <translation>End offset</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Lag</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupResetPlanModel</name>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Committed now</source>
        <translation>Committed now</translation>
    </message>
    <message>
        <source>After reset</source>
        <translation>After reset</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupsPage</name>
    <message>
        <source>Filter groups</source>
        <translation>Filter groups</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Delete group…</source>
        <translation>&amp;Delete group…</translation>
    </message>
    <message>
        <source>Lag per partition</source>
        <translation>Lag per partition</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Reset offsets (only while the group has no members)</source>
        <translation>Reset offsets (only while the group has no members)</translation>
    </message>
    <message>
        <source>Empty: every topic the group has committed offsets for.</source>
        <translation>Empty: every topic the group has committed offsets for.</translation>
    </message>
    <message>
        <source>Earliest</source>
        <translation>Earliest</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>Latest</translation>
    </message>
    <message>
        <source>At time</source>
        <translation>At time</translation>
    </message>
    <message>
        <source>Exact offset</source>
        <translation>Exact offset</translation>
    </message>
    <message>
        <source>Shift by N</source>
        <translation>Shift by N</translation>
    </message>
    <message>
        <source>time, offset or N</source>
        <translation>time, offset or N</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <source>&amp;Apply reset</source>
        <translation>&amp;Apply reset</translation>
    </message>
    <message>
        <source>Topic:</source>
        <translation>Topic:</translation>
    </message>
    <message>
        <source>%1 — %2, %3 member(s), total lag %4</source>
        <translation>%1 — %2, %3 member(s), total lag %4</translation>
    </message>
    <message>
        <source>The group has active members; stop its consumers to reset offsets.</source>
        <translation>The group has active members; stop its consumers to reset offsets.</translation>
    </message>
    <message>
        <source>Choose a group first.</source>
        <translation>Choose a group first.</translation>
    </message>
    <message numerus="yes">
        <source>Preview: %n partition(s) would change as shown. Nothing is committed until you apply.</source>
        <translation>
            <numerusform>Preview: %n partition would change as shown. Nothing is committed until you apply.</numerusform>
            <numerusform>Preview: %n partitions would change as shown. Nothing is committed until you apply.</numerusform>
        </translation>
    </message>
    <message>
        <source>Preview the reset first.</source>
        <translation>Preview the reset first.</translation>
    </message>
    <message>
        <source>Reset the offsets of %1.</source>
        <translation>Reset the offsets of %1.</translation>
    </message>
    <message>
        <source>Deleted the group %1.</source>
        <translation>Deleted the group %1.</translation>
    </message>
    <message>
        <source>Delete group</source>
        <translation>Delete group</translation>
    </message>
    <message>
        <source>Delete the consumer group %1 and its committed offsets? Its consumers will start from their reset policy next time.</source>
        <translation>Delete the consumer group %1 and its committed offsets? Its consumers will start from their reset policy next time.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::KafkaService</name>
    <message>
        <source>The topic &quot;%1&quot; does not exist on this cluster.</source>
        <translation>The topic &quot;%1&quot; does not exist on this cluster.</translation>
    </message>
    <message>
        <source>Describing the topic &quot;%1&quot;</source>
        <translation>Describing the topic &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Creating the topic &quot;%1&quot;</source>
        <translation>Creating the topic &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Deleting the topic &quot;%1&quot;</source>
        <translation>Deleting the topic &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Adding partitions to &quot;%1&quot;</source>
        <translation>Adding partitions to &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Reading the configuration of &quot;%1&quot;</source>
        <translation>Reading the configuration of &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Changing the configuration of &quot;%1&quot;</source>
        <translation>Changing the configuration of &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The topic &quot;%1&quot; has no partition %2.</source>
        <translation>The topic &quot;%1&quot; has no partition %2.</translation>
    </message>
    <message>
        <source>Reading %1 [%2]</source>
        <translation>Reading %1 [%2]</translation>
    </message>
    <message>
        <source>Producing to &quot;%1&quot;</source>
        <translation>Producing to &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1 of %2 records could not be delivered to &quot;%3&quot;: %4</source>
        <translation>%1 of %2 records could not be delivered to &quot;%3&quot;: %4</translation>
    </message>
    <message>
        <source>the cluster sent no records for 30 seconds</source>
        <translation>the cluster sent no records for 30 seconds</translation>
    </message>
    <message>
        <source>Reading &quot;%1&quot;</source>
        <translation>Reading &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Listing consumer groups</source>
        <translation>Listing consumer groups</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; was not found.</source>
        <translation>The group &quot;%1&quot; was not found.</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; has no committed offsets; choose a topic to reset.</source>
        <translation>The group &quot;%1&quot; has no committed offsets; choose a topic to reset.</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; is %2 with %3 member(s). Offsets can only be reset while the group is inactive: stop its consumers and try again.</source>
        <translation>The group &quot;%1&quot; is %2 with %3 member(s). Offsets can only be reset while the group is inactive: stop its consumers and try again.</translation>
    </message>
    <message>
        <source>Resetting the offsets of group &quot;%1&quot;</source>
        <translation>Resetting the offsets of group &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1 [%2]: %3</source>
        <translation>%1 [%2]: %3</translation>
    </message>
    <message>
        <source>Deleting the group &quot;%1&quot;</source>
        <translation>Deleting the group &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 failed: %2</translation>
    </message>
    <message>
        <source>no answer from the cluster in time</source>
        <translation>no answer from the cluster in time</translation>
    </message>
    <message>
        <source>Looking up offsets</source>
        <translation>Looking up offsets</translation>
    </message>
    <message>
        <source>Looking up offsets of %1 [%2]</source>
        <translation>Looking up offsets of %1 [%2]</translation>
    </message>
    <message>
        <source>The connection setting %1 is not accepted: %2</source>
        <translation>The connection setting %1 is not accepted: %2</translation>
    </message>
    <message>
        <source>Could not create a Kafka client: %1</source>
        <translation>Could not create a Kafka client: %1</translation>
    </message>
    <message>
        <source>Reading the cluster&apos;s metadata</source>
        <translation>Reading the cluster&apos;s metadata</translation>
    </message>
    <message>
        <source>Reading the offsets of group &quot;%1&quot;</source>
        <translation>Reading the offsets of group &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Describing consumer groups</source>
        <translation>Describing consumer groups</translation>
    </message>
    <message>
        <source>Describing the group &quot;%1&quot;</source>
        <translation>Describing the group &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The ACL names an unknown resource type, pattern type, operation or permission.</source>
        <translation>The ACL names an unknown resource type, pattern type, operation or permission.</translation>
    </message>
    <message>
        <source>Listing the ACLs</source>
        <translation>Listing the ACLs</translation>
    </message>
    <message>
        <source>Creating the ACL</source>
        <translation>Creating the ACL</translation>
    </message>
    <message>
        <source>Deleting the ACL</source>
        <translation>Deleting the ACL</translation>
    </message>
    <message>
        <source>the cluster has no such ACL</source>
        <translation>the cluster has no such ACL</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MainWindow</name>
    <message>
        <source>Runnel</source>
        <translation>Runnel</translation>
    </message>
    <message>
        <source>Clusters</source>
        <translation>Clusters</translation>
    </message>
    <message>
        <source>Create cluster…</source>
        <translation>Create cluster…</translation>
    </message>
    <message>
        <source>Add external cluster…</source>
        <translation>Add external cluster…</translation>
    </message>
    <message>
        <source>Connected to runnel-agent (%1)</source>
        <translation>Connected to runnel-agent (%1)</translation>
    </message>
    <message>
        <source>runnel-agent does not answer on %1; retrying…</source>
        <translation>runnel-agent does not answer on %1; retrying…</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Main</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Create cluster…</source>
        <translation>&amp;Create cluster…</translation>
    </message>
    <message>
        <source>&amp;Add external cluster…</source>
        <translation>&amp;Add external cluster…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <source>View client &amp;information</source>
        <translation>View client &amp;information</translation>
    </message>
    <message>
        <source>&amp;Update configuration…</source>
        <translation>&amp;Update configuration…</translation>
    </message>
    <message>
        <source>&amp;Delete cluster…</source>
        <translation>&amp;Delete cluster…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>&amp;Audit log</translation>
    </message>
    <message>
        <source>Cluster &amp;list</source>
        <translation>Cluster &amp;list</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>System language</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>The new language applies the next time Runnel starts.</source>
        <translation>The new language applies the next time Runnel starts.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Runnel</source>
        <translation>&amp;About Runnel</translation>
    </message>
    <message>
        <source>About Runnel</source>
        <translation>About Runnel</translation>
    </message>
    <message>
        <source>&lt;b&gt;Runnel&lt;/b&gt; %1&lt;br&gt;A managed Kafka service on the desktop.&lt;br&gt;Apache-2.0.</source>
        <translation>&lt;b&gt;Runnel&lt;/b&gt; %1&lt;br&gt;A managed Kafka service on the desktop.&lt;br&gt;Apache-2.0.</translation>
    </message>
    <message>
        <source>Kafka clusters on this computer, managed like MSK: created in seconds, healed when a broker dies, every change audited.
Select a cluster on the left, or create one.</source>
        <translation>Kafka clusters on this computer, managed like MSK: created in seconds, healed when a broker dies, every change audited.
Select a cluster on the left, or create one.</translation>
    </message>
    <message>
        <source>Starting runnel-agent…</source>
        <translation>Starting runnel-agent…</translation>
    </message>
    <message>
        <source>Could not start runnel-agent: %1</source>
        <translation>Could not start runnel-agent: %1</translation>
    </message>
    <message>
        <source>Welcome to Runnel</source>
        <translation>Welcome to Runnel</translation>
    </message>
    <message>
        <source>There is no cluster yet. Create the default local cluster “local” now? It listens on 127.0.0.1:9092 and is ready in seconds.</source>
        <translation>There is no cluster yet. Create the default local cluster “local” now? It listens on 127.0.0.1:9092 and is ready in seconds.</translation>
    </message>
    <message>
        <source>The cluster %1 exists already.</source>
        <translation>The cluster %1 exists already.</translation>
    </message>
    <message>
        <source>Could not create %1: %2</source>
        <translation>Could not create %1: %2</translation>
    </message>
    <message>
        <source>Creating cluster %1…</source>
        <translation>Creating cluster %1…</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>Remove connection</translation>
    </message>
    <message>
        <source>Remove the connection %1 and its saved password? The cluster itself is not touched.</source>
        <translation>Remove the connection %1 and its saved password? The cluster itself is not touched.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MessageModel</name>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Timestamp</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Headers</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>loading…</translation>
    </message>
    <message>
        <source>could not be read: %1</source>
        <translation>could not be read: %1</translation>
    </message>
    <message>
        <source>(no record at this offset: compacted away or a transaction marker)</source>
        <translation>(no record at this offset: compacted away or a transaction marker)</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MessagesPage</name>
    <message>
        <source>… %1 more bytes not shown</source>
        <translation>… %1 more bytes not shown</translation>
    </message>
    <message>
        <source>All partitions</source>
        <translation>All partitions</translation>
    </message>
    <message>
        <source>From the beginning</source>
        <translation>From the beginning</translation>
    </message>
    <message>
        <source>Newest N per partition</source>
        <translation>Newest N per partition</translation>
    </message>
    <message>
        <source>From offset</source>
        <translation>From offset</translation>
    </message>
    <message>
        <source>From time</source>
        <translation>From time</translation>
    </message>
    <message>
        <source>N, offset or time</source>
        <translation>N, offset or time</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Live &amp;tail</source>
        <translation>Live &amp;tail</translation>
    </message>
    <message>
        <source>&amp;Produce…</source>
        <translation>&amp;Produce…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>&amp;Replay selection…</source>
        <translation>&amp;Replay selection…</translation>
    </message>
    <message>
        <source>Topic:</source>
        <translation>Topic:</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Search the whole range</source>
        <translation>Search the whole range</translation>
    </message>
    <message>
        <source>Key, value or headers</source>
        <translation>Key, value or headers</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Headers</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>contains</translation>
    </message>
    <message>
        <source>matches regex</source>
        <translation>matches regex</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Match case</translation>
    </message>
    <message>
        <source>from the beginning</source>
        <translation>from the beginning</translation>
    </message>
    <message>
        <source>from offset</source>
        <translation>from offset</translation>
    </message>
    <message>
        <source>from time</source>
        <translation>from time</translation>
    </message>
    <message>
        <source>to the end</source>
        <translation>to the end</translation>
    </message>
    <message>
        <source>to offset</source>
        <translation>to offset</translation>
    </message>
    <message>
        <source>to time</source>
        <translation>to time</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Choose a topic to browse.</source>
        <translation>Choose a topic to browse.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Opening %1…</translation>
    </message>
    <message>
        <source>%1: %2 messages in view.</source>
        <translation>%1: %2 messages in view.</translation>
    </message>
    <message>
        <source>Partition %1, offset %2, %3
Key: %4
Headers: %5</source>
        <translation>Partition %1, offset %2, %3
Key: %4
Headers: %5</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>(null value: a tombstone)</source>
        <translation>(null value: a tombstone)</translation>
    </message>
    <message>
        <source>(binary value, %1 bytes: see Hex)</source>
        <translation>(binary value, %1 bytes: see Hex)</translation>
    </message>
    <message>
        <source>The value is not JSON (%1 at byte %2).</source>
        <translation>The value is not JSON (%1 at byte %2).</translation>
    </message>
    <message>
        <source>Choose a topic to search.</source>
        <translation>Choose a topic to search.</translation>
    </message>
    <message>
        <source>Searching %1…</source>
        <translation>Searching %1…</translation>
    </message>
    <message>
        <source>Scanned %1 of %2 messages, %3 found.</source>
        <translation>Scanned %1 of %2 messages, %3 found.</translation>
    </message>
    <message>
        <source>Cancelled after scanning %1 of %2 messages; %3 found.</source>
        <translation>Cancelled after scanning %1 of %2 messages; %3 found.</translation>
    </message>
    <message>
        <source>Scanned all %2 messages (%1 read); %3 found.</source>
        <translation>Scanned all %2 messages (%1 read); %3 found.</translation>
    </message>
    <message>
        <source>The first %1 are listed.</source>
        <translation>The first %1 are listed.</translation>
    </message>
    <message>
        <source>Exporting %1 to %2…</source>
        <translation>Exporting %1 to %2…</translation>
    </message>
    <message>
        <source>Exported %1 of %2 messages…</source>
        <translation>Exported %1 of %2 messages…</translation>
    </message>
    <message>
        <source>Could not write %1 (is the disk full?).</source>
        <translation>Could not write %1 (is the disk full?).</translation>
    </message>
    <message>
        <source>The export was cancelled; %1 is incomplete.</source>
        <translation>The export was cancelled; %1 is incomplete.</translation>
    </message>
    <message>
        <source>Exported %1 messages to %2.</source>
        <translation>Exported %1 messages to %2.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
    <message>
        <source>Importing %1 into %2…</source>
        <translation>Importing %1 into %2…</translation>
    </message>
    <message>
        <source>The file has a record for partition %1 but %2 has %3 partitions. Add partitions to %2 first, or import without keeping partitions.</source>
        <translation>The file has a record for partition %1 but %2 has %3 partitions. Add partitions to %2 first, or import without keeping partitions.</translation>
    </message>
    <message>
        <source>Imported %1 messages into %2.</source>
        <translation>Imported %1 messages into %2.</translation>
    </message>
    <message>
        <source>Imported %1 messages…</source>
        <translation>Imported %1 messages…</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>Could not read %1: %2</translation>
    </message>
    <message>
        <source>%1, line %2: %3</source>
        <translation>%1, line %2: %3</translation>
    </message>
    <message>
        <source>Select the messages to replay first.</source>
        <translation>Select the messages to replay first.</translation>
    </message>
    <message>
        <source>Choose the topic to replay to.</source>
        <translation>Choose the topic to replay to.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 on %2</translation>
    </message>
    <message>
        <source>Replaying %1 messages to %2…</source>
        <translation>Replaying %1 messages to %2…</translation>
    </message>
    <message>
        <source>Replayed %1 messages to %2.</source>
        <translation>Replayed %1 messages to %2.</translation>
    </message>
    <message>
        <source>The selection in partition %1 spans more than 100,000 offsets; select fewer messages or search for them and replay the results.</source>
        <translation>The selection in partition %1 spans more than 100,000 offsets; select fewer messages or search for them and replay the results.</translation>
    </message>
    <message>
        <source>Export messages as JSON lines</source>
        <translation>Export messages as JSON lines</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Import messages</source>
        <translation>Import messages</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Keep each message&apos;s partition</source>
        <translation>Keep each message&apos;s partition</translation>
    </message>
    <message>
        <source>JSON lines file:</source>
        <translation>JSON lines file:</translation>
    </message>
    <message>
        <source>Into topic:</source>
        <translation>Into topic:</translation>
    </message>
    <message>
        <source>Replay selection</source>
        <translation>Replay selection</translation>
    </message>
    <message>
        <source>This cluster</source>
        <translation>This cluster</translation>
    </message>
    <message>
        <source>Cluster:</source>
        <translation>Cluster:</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MetricCatalog</name>
    <message>
        <source>Active controllers in the cluster; exactly one when healthy.</source>
        <translation>Active controllers in the cluster; exactly one when healthy.</translation>
    </message>
    <message>
        <source>Partitions across all topics, without replicas.</source>
        <translation>Partitions across all topics, without replicas.</translation>
    </message>
    <message>
        <source>Topics in the cluster.</source>
        <translation>Topics in the cluster.</translation>
    </message>
    <message>
        <source>Partitions without a leader; zero when healthy.</source>
        <translation>Partitions without a leader; zero when healthy.</translation>
    </message>
    <message>
        <source>Bytes received from clients per second.</source>
        <translation>Bytes received from clients per second.</translation>
    </message>
    <message>
        <source>Bytes sent to clients per second.</source>
        <translation>Bytes sent to clients per second.</translation>
    </message>
    <message>
        <source>Records received from clients per second.</source>
        <translation>Records received from clients per second.</translation>
    </message>
    <message>
        <source>Open client connections.</source>
        <translation>Open client connections.</translation>
    </message>
    <message>
        <source>Processor time in user space.</source>
        <translation>Processor time in user space.</translation>
    </message>
    <message>
        <source>Processor time in the kernel.</source>
        <translation>Processor time in the kernel.</translation>
    </message>
    <message>
        <source>Idle processor time.</source>
        <translation>Idle processor time.</translation>
    </message>
    <message>
        <source>Memory used by the broker process.</source>
        <translation>Memory used by the broker process.</translation>
    </message>
    <message>
        <source>Share of the data volume in use.</source>
        <translation>Share of the data volume in use.</translation>
    </message>
    <message>
        <source>Partitions this broker leads.</source>
        <translation>Partitions this broker leads.</translation>
    </message>
    <message>
        <source>Partition replicas on this broker.</source>
        <translation>Partition replicas on this broker.</translation>
    </message>
    <message>
        <source>Mean time to serve a produce request.</source>
        <translation>Mean time to serve a produce request.</translation>
    </message>
    <message>
        <source>Mean size of a request.</source>
        <translation>Mean size of a request.</translation>
    </message>
    <message>
        <source>Partitions with fewer in-sync replicas than min.insync.replicas.</source>
        <translation>Partitions with fewer in-sync replicas than min.insync.replicas.</translation>
    </message>
    <message>
        <source>Partitions missing an in-sync replica.</source>
        <translation>Partitions missing an in-sync replica.</translation>
    </message>
    <message>
        <source>Mean time to serve a consumer&apos;s fetch.</source>
        <translation>Mean time to serve a consumer&apos;s fetch.</translation>
    </message>
    <message>
        <source>Mean time to serve a follower&apos;s fetch.</source>
        <translation>Mean time to serve a follower&apos;s fetch.</translation>
    </message>
    <message>
        <source>Mean time the leader spends writing a produce request.</source>
        <translation>Mean time the leader spends writing a produce request.</translation>
    </message>
    <message>
        <source>Mean time a produce request waits in the request queue.</source>
        <translation>Mean time a produce request waits in the request queue.</translation>
    </message>
    <message>
        <source>Bytes received from other brokers per second.</source>
        <translation>Bytes received from other brokers per second.</translation>
    </message>
    <message>
        <source>Bytes sent to other brokers per second.</source>
        <translation>Bytes sent to other brokers per second.</translation>
    </message>
    <message>
        <source>Share of time the request handler threads are idle.</source>
        <translation>Share of time the request handler threads are idle.</translation>
    </message>
    <message>
        <source>Open TCP connections to the broker.</source>
        <translation>Open TCP connections to the broker.</translation>
    </message>
    <message>
        <source>Bytes received for this topic per second.</source>
        <translation>Bytes received for this topic per second.</translation>
    </message>
    <message>
        <source>Bytes sent for this topic per second.</source>
        <translation>Bytes sent for this topic per second.</translation>
    </message>
    <message>
        <source>Records received for this topic per second.</source>
        <translation>Records received for this topic per second.</translation>
    </message>
    <message>
        <source>Records not yet consumed, summed over the topic&apos;s partitions.</source>
        <translation>Records not yet consumed, summed over the topic&apos;s partitions.</translation>
    </message>
    <message>
        <source>Records not yet consumed in the partition that lags most.</source>
        <translation>Records not yet consumed in the partition that lags most.</translation>
    </message>
    <message>
        <source>Estimated time the group needs to catch up, for its slowest partition.</source>
        <translation>Estimated time the group needs to catch up, for its slowest partition.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MetricQuery</name>
    <message>
        <source>The agent&apos;s GetMetricData reply has no MetricDataResults list.</source>
        <translation>The agent&apos;s GetMetricData reply has no MetricDataResults list.</translation>
    </message>
    <message>
        <source>The agent&apos;s GetMetricData reply has a result without an Id.</source>
        <translation>The agent&apos;s GetMetricData reply has a result without an Id.</translation>
    </message>
    <message>
        <source>The agent returned %1 timestamps but %2 values for %3.</source>
        <translation>The agent returned %1 timestamps but %2 values for %3.</translation>
    </message>
    <message>
        <source>The agent returned an unreadable data point (%1, %2) for %3.</source>
        <translation>The agent returned an unreadable data point (%1, %2) for %3.</translation>
    </message>
    <message>
        <source>The agent&apos;s ListMetrics reply has no Metrics list.</source>
        <translation>The agent&apos;s ListMetrics reply has no Metrics list.</translation>
    </message>
    <message>
        <source>The agent&apos;s ListMetrics reply has a metric without a name.</source>
        <translation>The agent&apos;s ListMetrics reply has a metric without a name.</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 day</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Broker %1</source>
        <translation>Broker %1</translation>
    </message>
    <message>
        <source>Partition %1</source>
        <translation>Partition %1</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MetricScope</name>
    <message>
        <source>%1 › broker %2</source>
        <translation>%1 › broker %2</translation>
    </message>
    <message>
        <source>%1 › topic %2</source>
        <translation>%1 › topic %2</translation>
    </message>
    <message>
        <source>%1 › consumer group %2</source>
        <translation>%1 › consumer group %2</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MetricsDashboard</name>
    <message>
        <source>1 hour</source>
        <translation>1 hour</translation>
    </message>
    <message>
        <source>3 hours</source>
        <translation>3 hours</translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation>12 hours</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 day</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 week</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Average</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Sum</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Sample count</source>
        <translation>Sample count</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Create alarm…</source>
        <translation>Create alarm…</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metrics</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Custom…</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Time range</translation>
    </message>
    <message>
        <source>Start of the range</source>
        <translation>Start of the range</translation>
    </message>
    <message>
        <source>End of the range</source>
        <translation>End of the range</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Statistic</source>
        <translation>Statistic</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Auto</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Auto refresh</source>
        <translation>Auto refresh</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Time range:</source>
        <translation>&amp;Time range:</translation>
    </message>
    <message>
        <source>&amp;Statistic:</source>
        <translation>&amp;Statistic:</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>&amp;Auto refresh:</source>
        <translation>&amp;Auto refresh:</translation>
    </message>
    <message>
        <source>The start of the time range must be before its end; change one of them and apply again.</source>
        <translation>The start of the time range must be before its end; change one of them and apply again.</translation>
    </message>
    <message>
        <source>Metrics could not be listed: %1</source>
        <translation>Metrics could not be listed: %1</translation>
    </message>
    <message>
        <source>Metric data could not be read: %1</source>
        <translation>Metric data could not be read: %1</translation>
    </message>
    <message>
        <source>No data reported yet.</source>
        <translation>No data reported yet.</translation>
    </message>
    <message>
        <source>No data reported yet. The cluster publishes this metric from the %1 monitoring level on; raise its enhanced monitoring to see it.</source>
        <translation>No data reported yet. The cluster publishes this metric from the %1 monitoring level on; raise its enhanced monitoring to see it.</translation>
    </message>
    <message>
        <source>No data in this time range.</source>
        <translation>No data in this time range.</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <source>No data: the agent did not answer as expected.</source>
        <translation>No data: the agent did not answer as expected.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Alarm “%1” went to ALARM at %2: %3</source>
        <translation>Alarm “%1” went to ALARM at %2: %3</translation>
    </message>
    <message>
        <source>Alarms (%1 in alarm)</source>
        <translation>Alarms (%1 in alarm)</translation>
    </message>
</context>
<context>
    <name>runnel::ui::OperationModel</name>
    <message>
        <source>Create cluster</source>
        <translation>Create cluster</translation>
    </message>
    <message>
        <source>Delete cluster</source>
        <translation>Delete cluster</translation>
    </message>
    <message>
        <source>Heal broker</source>
        <translation>Heal broker</translation>
    </message>
    <message>
        <source>Reboot broker</source>
        <translation>Reboot broker</translation>
    </message>
    <message>
        <source>Restart brokers</source>
        <translation>Restart brokers</translation>
    </message>
    <message>
        <source>Update configuration</source>
        <translation>Update configuration</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>runnel::ui::OperationProgress</name>
    <message>
        <source>Waiting for the operation to start…</source>
        <translation>Waiting for the operation to start…</translation>
    </message>
    <message>
        <source>Could not read the operation&apos;s progress: %1</source>
        <translation>Could not read the operation&apos;s progress: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Done.</translation>
    </message>
    <message>
        <source>The operation failed: %1</source>
        <translation>The operation failed: %1</translation>
    </message>
</context>
<context>
    <name>runnel::ui::OperationStepModel</name>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
</context>
<context>
    <name>runnel::ui::PartitionTableModel</name>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Under-replicated: %1 of %2 replicas in sync.</source>
        <translation>Under-replicated: %1 of %2 replicas in sync.</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replicas</translation>
    </message>
    <message>
        <source>In sync</source>
        <translation>In sync</translation>
    </message>
    <message>
        <source>Start offset</source>
        <translation>Start offset</translation>
    </message>
    <message>
        <source>End offset</source>
        <translation>End offset</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ProduceDialog</name>
    <message>
        <source>Produce messages</source>
        <translation>Produce messages</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>&amp;Topic:</translation>
    </message>
    <message>
        <source>empty: no key; {i} is replaced by the copy&apos;s number</source>
        <translation>empty: no key; {i} is replaced by the copy&apos;s number</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Key:</translation>
    </message>
    <message>
        <source>{i} is replaced by the copy&apos;s number</source>
        <translation>{i} is replaced by the copy&apos;s number</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Value:</translation>
    </message>
    <message>
        <source>Value from &amp;file…</source>
        <translation>Value from &amp;file…</translation>
    </message>
    <message>
        <source>Use typed value</source>
        <translation>Use typed value</translation>
    </message>
    <message>
        <source>one header per line: name=value</source>
        <translation>one header per line: name=value</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>&amp;Headers:</translation>
    </message>
    <message>
        <source>chosen by key</source>
        <translation>chosen by key</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>&amp;Partition:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Repeat:</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Value from file</source>
        <translation>Value from file</translation>
    </message>
    <message>
        <source>reading %1…</source>
        <translation>reading %1…</translation>
    </message>
    <message>
        <source>value from %1 (%2 bytes)</source>
        <translation>value from %1 (%2 bytes)</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>Could not read %1: %2</translation>
    </message>
    <message>
        <source>%1 is larger than 64 MiB, more than a Kafka record can usually hold.</source>
        <translation>%1 is larger than 64 MiB, more than a Kafka record can usually hold.</translation>
    </message>
    <message>
        <source>Choose the topic to send to.</source>
        <translation>Choose the topic to send to.</translation>
    </message>
    <message>
        <source>Headers: %1</source>
        <translation>Headers: %1</translation>
    </message>
    <message>
        <source>Sending %1 records…</source>
        <translation>Sending %1 records…</translation>
    </message>
    <message>
        <source>Sent %1 of %2 records…</source>
        <translation>Sent %1 of %2 records…</translation>
    </message>
    <message>
        <source>Sent %1 records to %2.</source>
        <translation>Sent %1 records to %2.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::RecordCodec</name>
    <message>
        <source>&quot;%1&quot; must be a string or null.</source>
        <translation>&quot;%1&quot; must be a string or null.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is marked base64 but is not valid base64.</source>
        <translation>&quot;%1&quot; is marked base64 but is not valid base64.</translation>
    </message>
    <message>
        <source>&quot;%1_encoding&quot; must be &quot;utf8&quot; or &quot;base64&quot;.</source>
        <translation>&quot;%1_encoding&quot; must be &quot;utf8&quot; or &quot;base64&quot;.</translation>
    </message>
    <message>
        <source>The line is not a JSON object (%1).</source>
        <translation>The line is not a JSON object (%1).</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ScramUserDialog</name>
    <message>
        <source>Create SCRAM user</source>
        <translation>Create SCRAM user</translation>
    </message>
    <message>
        <source>Rotate password of %1</source>
        <translation>Rotate password of %1</translation>
    </message>
    <message>
        <source>Super user (restarts the brokers one by one)</source>
        <translation>Super user (restarts the brokers one by one)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Confirm password</source>
        <translation>Confirm password</translation>
    </message>
    <message>
        <source>Mechanisms</source>
        <translation>Mechanisms</translation>
    </message>
    <message>
        <source>SCRAM-SHA-256 and SCRAM-SHA-512 (the agent stores both)</source>
        <translation>SCRAM-SHA-256 and SCRAM-SHA-512 (the agent stores both)</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Rotate</translation>
    </message>
    <message>
        <source>The user name has 1 to 128 letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;@&apos; or &apos;-&apos;.</source>
        <translation>The user name has 1 to 128 letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;@&apos; or &apos;-&apos;.</translation>
    </message>
    <message>
        <source>The password has at least 8 characters.</source>
        <translation>The password has at least 8 characters.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ScramUserModel</name>
    <message>
        <source>%1 (%2 iterations)</source>
        <translation>%1 (%2 iterations)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Mechanisms</source>
        <translation>Mechanisms</translation>
    </message>
    <message>
        <source>Super user</source>
        <translation>Super user</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ScramUsersPage</name>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Create user…</source>
        <translation>Create user…</translation>
    </message>
    <message>
        <source>Rotate password…</source>
        <translation>Rotate password…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Could not list the users: %1</source>
        <translation>Could not list the users: %1</translation>
    </message>
    <message>
        <source>%1 exists already; rotate its password instead.</source>
        <translation>%1 exists already; rotate its password instead.</translation>
    </message>
    <message>
        <source>Rotating the password of %1…</source>
        <translation>Rotating the password of %1…</translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>Creating %1…</translation>
    </message>
    <message>
        <source>Could not rotate the password of %1: %2</source>
        <translation>Could not rotate the password of %1: %2</translation>
    </message>
    <message>
        <source>Could not create %1: %2</source>
        <translation>Could not create %1: %2</translation>
    </message>
    <message>
        <source>The password of %1 is rotated.</source>
        <translation>The password of %1 is rotated.</translation>
    </message>
    <message>
        <source>%1 is created; the brokers restart one by one to make it a super user.</source>
        <translation>%1 is created; the brokers restart one by one to make it a super user.</translation>
    </message>
    <message>
        <source>%1 is created.</source>
        <translation>%1 is created.</translation>
    </message>
    <message>
        <source>Delete SCRAM user</source>
        <translation>Delete SCRAM user</translation>
    </message>
    <message>
        <source>Delete %1? Its clients can no longer log in.</source>
        <translation>Delete %1? Its clients can no longer log in.</translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation>Deleting %1…</translation>
    </message>
    <message>
        <source>%1 is deleted.</source>
        <translation>%1 is deleted.</translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>Could not delete %1: %2</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ScreenshotTour</name>
    <message>
        <source>Plaintext</source>
        <translation>Plaintext</translation>
    </message>
</context>
<context>
    <name>runnel::ui::SearchCriteria</name>
    <message>
        <source>The regular expression is not valid: %1.</source>
        <translation>The regular expression is not valid: %1.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::SecurityPage</name>
    <message>
        <source>ACLs</source>
        <translation>ACLs</translation>
    </message>
    <message>
        <source>SCRAM users</source>
        <translation>SCRAM users</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <source>Could not read the cluster&apos;s security: %1</source>
        <translation>Could not read the cluster&apos;s security: %1</translation>
    </message>
    <message>
        <source>SASL/SCRAM</source>
        <translation>SASL/SCRAM</translation>
    </message>
    <message>
        <source>TLS certificates</source>
        <translation>TLS certificates</translation>
    </message>
    <message>
        <source>Clients authenticate with %1; the brokers check ACLs, and a resource no ACL names is denied.</source>
        <translation>Clients authenticate with %1; the brokers check ACLs, and a resource no ACL names is denied.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> and </translation>
    </message>
    <message>
        <source>This cluster does not authenticate clients, so its brokers do not check ACLs: every request is allowed.</source>
        <translation>This cluster does not authenticate clients, so its brokers do not check ACLs: every request is allowed.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::TopicConfigModel</name>
    <message>
        <source>Topic override</source>
        <translation>Topic override</translation>
    </message>
    <message>
        <source>Broker (dynamic)</source>
        <translation>Broker (dynamic)</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Read-only: the cluster does not allow changing it per topic.</source>
        <translation>Read-only: the cluster does not allow changing it per topic.</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
</context>
<context>
    <name>runnel::ui::TopicListModel</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Under-replicated</source>
        <translation>Under-replicated</translation>
    </message>
    <message>
        <source>The size on disk needs DescribeLogDirs, which this client does not offer.</source>
        <translation>The size on disk needs DescribeLogDirs, which this client does not offer.</translation>
    </message>
    <message>
        <source>The read rate of a topic is not visible through the Kafka protocol.</source>
        <translation>The read rate of a topic is not visible through the Kafka protocol.</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <source>RF</source>
        <translation>RF</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>In</source>
        <translation>In</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Out</translation>
    </message>
    <message>
        <source>Replication</source>
        <translation>Replication</translation>
    </message>
    <message>
        <source>%1 bytes in the log segments, one replica of each partition (replication not counted), from the brokers&apos; Size gauges.</source>
        <translation>%1 bytes in the log segments, one replica of each partition (replication not counted), from the brokers&apos; Size gauges.</translation>
    </message>
    <message>
        <source>The brokers have not reported this topic&apos;s size yet.</source>
        <translation>The brokers have not reported this topic&apos;s size yet.</translation>
    </message>
    <message>
        <source>Bytes fetched from this topic per second over the last 10 s, all brokers (BytesOutPerSec).</source>
        <translation>Bytes fetched from this topic per second over the last 10 s, all brokers (BytesOutPerSec).</translation>
    </message>
    <message>
        <source>The brokers have not reported this topic&apos;s reads yet.</source>
        <translation>The brokers have not reported this topic&apos;s reads yet.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::TopicsPage</name>
    <message>
        <source>Filter topics</source>
        <translation>Filter topics</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Create…</source>
        <translation>&amp;Create…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Delete…</translation>
    </message>
    <message>
        <source>Add &amp;partitions…</source>
        <translation>Add &amp;partitions…</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>&amp;Save changes</translation>
    </message>
    <message>
        <source>Use &amp;default</source>
        <translation>Use &amp;default</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message numerus="yes">
        <source>%n topic(s), %1 broker(s).</source>
        <translation>
            <numerusform>%n topic, %1 broker(s).</numerusform>
            <numerusform>%n topics, %1 broker(s).</numerusform>
        </translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>Creating %1…</translation>
    </message>
    <message>
        <source>Created the topic %1.</source>
        <translation>Created the topic %1.</translation>
    </message>
    <message>
        <source>Deleted the topic %1.</source>
        <translation>Deleted the topic %1.</translation>
    </message>
    <message>
        <source>%1 already has %2 partitions; the new count must be larger (partitions cannot be removed).</source>
        <translation>%1 already has %2 partitions; the new count must be larger (partitions cannot be removed).</translation>
    </message>
    <message>
        <source>%1 now has %2 partitions.</source>
        <translation>%1 now has %2 partitions.</translation>
    </message>
    <message>
        <source>Saved the configuration of %1.</source>
        <translation>Saved the configuration of %1.</translation>
    </message>
    <message>
        <source>Delete topic</source>
        <translation>Delete topic</translation>
    </message>
    <message>
        <source>Delete the topic %1 and all its messages? This cannot be undone.</source>
        <translation>Delete the topic %1 and all its messages? This cannot be undone.</translation>
    </message>
    <message>
        <source>Add partitions</source>
        <translation>Add partitions</translation>
    </message>
    <message>
        <source>New partition count for %1 (keys may map to other partitions afterwards):</source>
        <translation>New partition count for %1 (keys may map to other partitions afterwards):</translation>
    </message>
</context>
<context>
    <name>runnel::ui::UpdateBrokersDialog</name>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>Update storage — %1</source>
        <translation>Update storage — %1</translation>
    </message>
    <message>
        <source>Every broker of the cluster gets the new EBS volume size; the brokers restart one at a time with it. A volume can only grow.</source>
        <translation>Every broker of the cluster gets the new EBS volume size; the brokers restart one at a time with it. A volume can only grow.</translation>
    </message>
    <message>
        <source>Current size per broker</source>
        <translation>Current size per broker</translation>
    </message>
    <message>
        <source>Current brokers</source>
        <translation>Current brokers</translation>
    </message>
    <message>
        <source>GiB (up to %1)</source>
        <translation>GiB (up to %1)</translation>
    </message>
    <message>
        <source>brokers (up to %1)</source>
        <translation>brokers (up to %1)</translation>
    </message>
    <message>
        <source>New size per broker</source>
        <translation>New size per broker</translation>
    </message>
    <message>
        <source>Target broker count</source>
        <translation>Target broker count</translation>
    </message>
    <message>
        <source>Update storage</source>
        <translation>Update storage</translation>
    </message>
    <message>
        <source>Add brokers</source>
        <translation>Add brokers</translation>
    </message>
    <message>
        <source>Enter a whole number of GiB from 1 to %1.</source>
        <translation>Enter a whole number of GiB from 1 to %1.</translation>
    </message>
    <message>
        <source>Storage can only grow: the brokers have %1 each, so %2 GiB would shrink it.</source>
        <translation>Storage can only grow: the brokers have %1 each, so %2 GiB would shrink it.</translation>
    </message>
    <message>
        <source>The brokers already have %1 each; enter a larger size.</source>
        <translation>The brokers already have %1 each; enter a larger size.</translation>
    </message>
    <message>
        <source>Enter a whole number of brokers from 1 to %1.</source>
        <translation>Enter a whole number of brokers from 1 to %1.</translation>
    </message>
    <message>
        <source>Asking the agent…</source>
        <translation>Asking the agent…</translation>
    </message>
    <message>
        <source>Broker count — %1</source>
        <translation>Broker count — %1</translation>
    </message>
    <message>
        <source>More brokers join the cluster with the same configuration and storage, and partitions are spread onto them. Fewer brokers: the added brokers with the highest ids leave, after their partitions have moved to the brokers that stay.</source>
        <translation>More brokers join the cluster with the same configuration and storage, and partitions are spread onto them. Fewer brokers: the added brokers with the highest ids leave, after their partitions have moved to the brokers that stay.</translation>
    </message>
    <message>
        <source>Change broker count</source>
        <translation>Change broker count</translation>
    </message>
    <message numerus="yes">
        <source>The cluster has %n broker(s) already; enter another count.</source>
        <translation>
            <numerusform>The cluster has %n broker already; enter another count.</numerusform>
            <numerusform>The cluster has %n brokers already; enter another count.</numerusform>
        </translation>
    </message>
    <message>
        <source>The %1 brokers the cluster was created with run its metadata quorum and stay; enter at least %1.</source>
        <translation>The %1 brokers the cluster was created with run its metadata quorum and stay; enter at least %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n new broker(s) will join; partitions then move so that every broker holds a fair share.</source>
        <translation>
            <numerusform>%n new broker will join; partitions then move so that every broker holds a fair share.</numerusform>
            <numerusform>%n new brokers will join; partitions then move so that every broker holds a fair share.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove brokers</source>
        <translation>Remove brokers</translation>
    </message>
    <message numerus="yes">
        <source>The %n added broker(s) with the highest ids will be removed. Their partitions move to the other brokers first; then each is stopped and its data deleted.</source>
        <translation>
            <numerusform>The %n added broker with the highest id will be removed. Its partitions move to the other brokers first; then it is stopped and its data deleted.</numerusform>
            <numerusform>The %n added brokers with the highest ids will be removed. Their partitions move to the other brokers first; then each is stopped and its data deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Broker(s) %1 will be removed. Their partitions move to the other brokers first; then each is stopped and its data deleted.</source>
        <translation>
            <numerusform>Broker %1 will be removed. Its partitions move to the other brokers first; then it is stopped and its data deleted.</numerusform>
            <numerusform>Brokers %1 will be removed. Their partitions move to the other brokers first; then each is stopped and its data deleted.</numerusform>
        </translation>
    </message>
    <message>
        <source>A one-broker cluster runs no metadata quorum that new brokers could join; create a cluster with 3 brokers to grow it later.</source>
        <translation>A one-broker cluster runs no metadata quorum that new brokers could join; create a cluster with 3 brokers to grow it later.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::UpdateConfigurationDialog</name>
    <message>
        <source>Update configuration — %1</source>
        <translation>Update configuration — %1</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>for example orders-config</source>
        <translation>for example orders-config</translation>
    </message>
    <message>
        <source>New configuration name</source>
        <translation>New configuration name</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>server.properties</source>
        <translation>server.properties</translation>
    </message>
    <message>
        <source>Apply (rolling restart)</source>
        <translation>Apply (rolling restart)</translation>
    </message>
    <message>
        <source>New configuration</source>
        <translation>New configuration</translation>
    </message>
    <message>
        <source>Applying creates the configuration (revision 1) and rolls it onto the cluster, one broker at a time.</source>
        <translation>Applying creates the configuration (revision 1) and rolls it onto the cluster, one broker at a time.</translation>
    </message>
    <message>
        <source>Your edits become a new revision of this configuration, which is then rolled onto the cluster, one broker at a time.</source>
        <translation>Your edits become a new revision of this configuration, which is then rolled onto the cluster, one broker at a time.</translation>
    </message>
    <message>
        <source>This revision is rolled onto the cluster, one broker at a time.</source>
        <translation>This revision is rolled onto the cluster, one broker at a time.</translation>
    </message>
    <message>
        <source>The cluster runs the new configuration.</source>
        <translation>The cluster runs the new configuration.</translation>
    </message>
    <message>
        <source>Revision %1</source>
        <translation>Revision %1</translation>
    </message>
    <message>
        <source>Revision %1 — %2</source>
        <translation>Revision %1 — %2</translation>
    </message>
    <message>
        <source>Name the new configuration.</source>
        <translation>Name the new configuration.</translation>
    </message>
    <message>
        <source># Kafka broker settings, one key=value per line.</source>
        <translation># Kafka broker settings, one key=value per line.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ValueFormat</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2%3</source>
        <translation>%1 %2%3</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>B/s</source>
        <translation>B/s</translation>
    </message>
    <message>
        <source>/s</source>
        <translation>/s</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>bytes</translation>
    </message>
    <message>
        <source>bytes per second</source>
        <translation>bytes per second</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>per second</translation>
    </message>
    <message>
        <source>percent</source>
        <translation>percent</translation>
    </message>
    <message>
        <source>milliseconds</source>
        <translation>milliseconds</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>seconds</translation>
    </message>
</context>
<context>
    <name>runnel::ui::WhatIf</name>
    <message>
        <source>Choose a resource type: %1.</source>
        <translation>Choose a resource type: %1.</translation>
    </message>
    <message>
        <source>The pattern type is LITERAL or PREFIXED.</source>
        <translation>The pattern type is LITERAL or PREFIXED.</translation>
    </message>
    <message>
        <source>Choose an operation: %1.</source>
        <translation>Choose an operation: %1.</translation>
    </message>
    <message>
        <source>The permission is ALLOW or DENY.</source>
        <translation>The permission is ALLOW or DENY.</translation>
    </message>
    <message>
        <source>Name the resource (&quot;*&quot; for every resource of the type).</source>
        <translation>Name the resource (&quot;*&quot; for every resource of the type).</translation>
    </message>
    <message>
        <source>The resource name has spaces at its start or end.</source>
        <translation>The resource name has spaces at its start or end.</translation>
    </message>
    <message>
        <source>The CLUSTER resource is named kafka-cluster.</source>
        <translation>The CLUSTER resource is named kafka-cluster.</translation>
    </message>
    <message>
        <source>A PREFIXED pattern of &quot;*&quot; is not a wildcard; use LITERAL &quot;*&quot; for every resource.</source>
        <translation>A PREFIXED pattern of &quot;*&quot; is not a wildcard; use LITERAL &quot;*&quot; for every resource.</translation>
    </message>
    <message>
        <source>The principal is Type:name, for example User:alice or User:* for everyone; &quot;%1&quot; is not.</source>
        <translation>The principal is Type:name, for example User:alice or User:* for everyone; &quot;%1&quot; is not.</translation>
    </message>
    <message>
        <source>The host is &quot;*&quot; for any host or one IP address.</source>
        <translation>The host is &quot;*&quot; for any host or one IP address.</translation>
    </message>
    <message>
        <source>The ACL is not valid: %1</source>
        <translation>The ACL is not valid: %1</translation>
    </message>
    <message>
        <source>Ask about a principal of the form Type:name, for example User:alice.</source>
        <translation>Ask about a principal of the form Type:name, for example User:alice.</translation>
    </message>
    <message>
        <source>Name the resource to ask about.</source>
        <translation>Name the resource to ask about.</translation>
    </message>
    <message>
        <source>Give the client&apos;s host (&quot;*&quot; when it does not matter).</source>
        <translation>Give the client&apos;s host (&quot;*&quot; when it does not matter).</translation>
    </message>
    <message>
        <source>%1 %2 %3 &quot;%4&quot; from %5</source>
        <translation>%1 %2 %3 &quot;%4&quot; from %5</translation>
    </message>
    <message>
        <source>ALLOWED: %1 is a super user, so every request is allowed.</source>
        <translation>ALLOWED: %1 is a super user, so every request is allowed.</translation>
    </message>
    <message>
        <source>ALLOWED: %1 — the highlighted ALLOW ACL grants it.</source>
        <translation>ALLOWED: %1 — the highlighted ALLOW ACL grants it.</translation>
    </message>
    <message>
        <source>DENIED: %1 — the highlighted DENY ACL matches, and DENY beats ALLOW.</source>
        <translation>DENIED: %1 — the highlighted DENY ACL matches, and DENY beats ALLOW.</translation>
    </message>
    <message>
        <source>ALLOWED: %1 — no ACL names the resource and allow.everyone.if.no.acl.found is true.</source>
        <translation>ALLOWED: %1 — no ACL names the resource and allow.everyone.if.no.acl.found is true.</translation>
    </message>
    <message>
        <source>DENIED: %1 — no ACL names the resource and allow.everyone.if.no.acl.found is false.</source>
        <translation>DENIED: %1 — no ACL names the resource and allow.everyone.if.no.acl.found is false.</translation>
    </message>
    <message>
        <source>DENIED: %1 — the highlighted ACLs name the resource, and none of them allows this principal, host and operation.</source>
        <translation>DENIED: %1 — the highlighted ACLs name the resource, and none of them allows this principal, host and operation.</translation>
    </message>
</context>
</TS>
