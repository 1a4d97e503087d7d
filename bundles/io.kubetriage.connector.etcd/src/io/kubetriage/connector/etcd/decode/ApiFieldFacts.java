package io.kubetriage.connector.etcd.decode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Per-field JSON facts of the Kubernetes API types that the protobuf descriptors do not carry.
 * <p>
 * The API server marshals every non-pointer field into protobuf, zero values included, while the
 * JSON shown by the API omits zero values of {@code omitempty} fields. So a zero scalar read from
 * protobuf is only shown when the field is a pointer (an explicit {@code replicas: 0} or
 * {@code privileged: false}) or has no {@code omitempty} (such as {@code restartCount}).
 * {@link #showsZero} lists those fields; every other zero scalar is omitted.
 * <p>
 * A few proto field names differ from the JSON names ({@code ref} is {@code $ref},
 * {@code xKubernetesListType} is {@code x-kubernetes-list-type}, {@code Webhooks} is
 * {@code webhooks}); {@link #jsonName} maps them. Embedded Go structs are separate proto fields
 * whose fields the JSON shows inline ({@code Probe.handler}, {@code Volume.volumeSource},
 * {@code ConfigMapKeySelector.localObjectReference}); their JSON name is the empty string.
 * <p>
 * The table is derived from the {@code json} and {@code protobuf} struct tags of the Kubernetes API
 * Go types (k8s.io/api, the meta/v1 types of k8s.io/apimachinery and the apiextensions types),
 * restricted to the scalar fields of the messages in client-java-proto. One line per message:
 * {@code <proto message>|<fields whose zero value is shown>[|<proto name>=<json name>,...]}.
 * Regenerate it when the protobuf type library is upgraded.
 */
final class ApiFieldFacts {

    private static final String TABLE = """
            k8s.io.api.admission.v1.AdmissionRequest|uid,operation,dryRun
            k8s.io.api.admission.v1.AdmissionResponse|uid,allowed,patchType
            k8s.io.api.admission.v1beta1.AdmissionRequest|uid,operation,dryRun
            k8s.io.api.admission.v1beta1.AdmissionResponse|uid,allowed,patchType
            k8s.io.api.admissionregistration.v1.AuditAnnotation|key,valueExpression
            k8s.io.api.admissionregistration.v1.ExpressionWarning|fieldRef,warning
            k8s.io.api.admissionregistration.v1.MatchCondition|name,expression
            k8s.io.api.admissionregistration.v1.MatchResources|matchPolicy
            k8s.io.api.admissionregistration.v1.MutatingAdmissionPolicySpec|failurePolicy
            k8s.io.api.admissionregistration.v1.MutatingWebhook|name,failurePolicy,matchPolicy,sideEffects,timeoutSeconds,reinvocationPolicy
            k8s.io.api.admissionregistration.v1.MutatingWebhookConfiguration||Webhooks=webhooks
            k8s.io.api.admissionregistration.v1.Mutation|patchType
            k8s.io.api.admissionregistration.v1.NamedRuleWithOperations||ruleWithOperations=
            k8s.io.api.admissionregistration.v1.ParamRef|parameterNotFoundAction
            k8s.io.api.admissionregistration.v1.Rule|scope
            k8s.io.api.admissionregistration.v1.RuleWithOperations||rule=
            k8s.io.api.admissionregistration.v1.ServiceReference|namespace,name,path,port
            k8s.io.api.admissionregistration.v1.ValidatingAdmissionPolicySpec|failurePolicy
            k8s.io.api.admissionregistration.v1.ValidatingWebhook|name,failurePolicy,matchPolicy,sideEffects,timeoutSeconds
            k8s.io.api.admissionregistration.v1.ValidatingWebhookConfiguration||Webhooks=webhooks
            k8s.io.api.admissionregistration.v1.Validation|Expression,reason|Expression=expression
            k8s.io.api.admissionregistration.v1.Variable|Name,Expression|Name=name,Expression=expression
            k8s.io.api.admissionregistration.v1.WebhookClientConfig|url
            k8s.io.api.admissionregistration.v1beta1.AuditAnnotation|key,valueExpression
            k8s.io.api.admissionregistration.v1beta1.ExpressionWarning|fieldRef,warning
            k8s.io.api.admissionregistration.v1beta1.MatchCondition|name,expression
            k8s.io.api.admissionregistration.v1beta1.MatchResources|matchPolicy
            k8s.io.api.admissionregistration.v1beta1.MutatingAdmissionPolicySpec|failurePolicy
            k8s.io.api.admissionregistration.v1beta1.MutatingWebhook|name,failurePolicy,matchPolicy,sideEffects,timeoutSeconds,reinvocationPolicy
            k8s.io.api.admissionregistration.v1beta1.MutatingWebhookConfiguration||Webhooks=webhooks
            k8s.io.api.admissionregistration.v1beta1.Mutation|patchType
            k8s.io.api.admissionregistration.v1beta1.NamedRuleWithOperations||ruleWithOperations=
            k8s.io.api.admissionregistration.v1beta1.ParamRef|parameterNotFoundAction
            k8s.io.api.admissionregistration.v1beta1.ServiceReference|namespace,name,path,port
            k8s.io.api.admissionregistration.v1beta1.ValidatingAdmissionPolicySpec|failurePolicy
            k8s.io.api.admissionregistration.v1beta1.ValidatingWebhook|name,failurePolicy,matchPolicy,sideEffects,timeoutSeconds
            k8s.io.api.admissionregistration.v1beta1.ValidatingWebhookConfiguration||Webhooks=webhooks
            k8s.io.api.admissionregistration.v1beta1.Validation|Expression,reason|Expression=expression
            k8s.io.api.admissionregistration.v1beta1.Variable|Name,Expression|Name=name,Expression=expression
            k8s.io.api.admissionregistration.v1beta1.WebhookClientConfig|url
            k8s.io.api.apidiscovery.v2.APIResourceDiscovery|resource,scope,singularResource
            k8s.io.api.apidiscovery.v2.APISubresourceDiscovery|subresource
            k8s.io.api.apidiscovery.v2.APIVersionDiscovery|version
            k8s.io.api.apidiscovery.v2beta1.APIResourceDiscovery|resource,scope,singularResource
            k8s.io.api.apidiscovery.v2beta1.APISubresourceDiscovery|subresource
            k8s.io.api.apidiscovery.v2beta1.APIVersionDiscovery|version
            k8s.io.api.apiserverinternal.v1alpha1.StorageVersionCondition|type,status,reason
            k8s.io.api.apiserverinternal.v1alpha1.StorageVersionStatus|commonEncodingVersion
            k8s.io.api.apps.v1.ControllerRevision|revision
            k8s.io.api.apps.v1.DaemonSetCondition|type,status
            k8s.io.api.apps.v1.DaemonSetSpec|revisionHistoryLimit
            k8s.io.api.apps.v1.DaemonSetStatus|currentNumberScheduled,numberMisscheduled,desiredNumberScheduled,numberReady,collisionCount
            k8s.io.api.apps.v1.DeploymentCondition|type,status
            k8s.io.api.apps.v1.DeploymentSpec|replicas,revisionHistoryLimit,progressDeadlineSeconds
            k8s.io.api.apps.v1.DeploymentStatus|terminatingReplicas,collisionCount
            k8s.io.api.apps.v1.ReplicaSetCondition|type,status
            k8s.io.api.apps.v1.ReplicaSetSpec|replicas
            k8s.io.api.apps.v1.ReplicaSetStatus|replicas,terminatingReplicas
            k8s.io.api.apps.v1.RollingUpdateStatefulSetStrategy|partition
            k8s.io.api.apps.v1.StatefulSetCondition|type,status
            k8s.io.api.apps.v1.StatefulSetOrdinals|start
            k8s.io.api.apps.v1.StatefulSetSpec|replicas,serviceName,revisionHistoryLimit
            k8s.io.api.apps.v1.StatefulSetStatus|replicas,collisionCount,availableReplicas
            k8s.io.api.apps.v1beta1.ControllerRevision|revision
            k8s.io.api.apps.v1beta1.DeploymentCondition|type,status
            k8s.io.api.apps.v1beta1.DeploymentRollback|name
            k8s.io.api.apps.v1beta1.DeploymentSpec|replicas,revisionHistoryLimit,progressDeadlineSeconds
            k8s.io.api.apps.v1beta1.DeploymentStatus|terminatingReplicas,collisionCount
            k8s.io.api.apps.v1beta1.RollingUpdateStatefulSetStrategy|partition
            k8s.io.api.apps.v1beta1.ScaleStatus|replicas
            k8s.io.api.apps.v1beta1.StatefulSetCondition|type,status
            k8s.io.api.apps.v1beta1.StatefulSetOrdinals|start
            k8s.io.api.apps.v1beta1.StatefulSetSpec|replicas,serviceName,revisionHistoryLimit
            k8s.io.api.apps.v1beta1.StatefulSetStatus|observedGeneration,replicas,collisionCount,availableReplicas
            k8s.io.api.apps.v1beta2.ControllerRevision|revision
            k8s.io.api.apps.v1beta2.DaemonSetCondition|type,status
            k8s.io.api.apps.v1beta2.DaemonSetSpec|revisionHistoryLimit
            k8s.io.api.apps.v1beta2.DaemonSetStatus|currentNumberScheduled,numberMisscheduled,desiredNumberScheduled,numberReady,collisionCount
            k8s.io.api.apps.v1beta2.DeploymentCondition|type,status
            k8s.io.api.apps.v1beta2.DeploymentSpec|replicas,revisionHistoryLimit,progressDeadlineSeconds
            k8s.io.api.apps.v1beta2.DeploymentStatus|terminatingReplicas,collisionCount
            k8s.io.api.apps.v1beta2.ReplicaSetCondition|type,status
            k8s.io.api.apps.v1beta2.ReplicaSetSpec|replicas
            k8s.io.api.apps.v1beta2.ReplicaSetStatus|replicas,terminatingReplicas
            k8s.io.api.apps.v1beta2.RollingUpdateStatefulSetStrategy|partition
            k8s.io.api.apps.v1beta2.ScaleStatus|replicas
            k8s.io.api.apps.v1beta2.StatefulSetCondition|type,status
            k8s.io.api.apps.v1beta2.StatefulSetOrdinals|start
            k8s.io.api.apps.v1beta2.StatefulSetSpec|replicas,serviceName,revisionHistoryLimit
            k8s.io.api.apps.v1beta2.StatefulSetStatus|replicas,collisionCount,availableReplicas
            k8s.io.api.authentication.v1.BoundObjectReference||uID=uid
            k8s.io.api.authentication.v1.TokenRequestSpec|expirationSeconds
            k8s.io.api.authentication.v1.TokenRequestStatus|token
            k8s.io.api.authorization.v1.SubjectAccessReviewStatus|allowed
            k8s.io.api.authorization.v1.SubjectRulesReviewStatus|incomplete
            k8s.io.api.authorization.v1beta1.SubjectAccessReviewStatus|allowed
            k8s.io.api.authorization.v1beta1.SubjectRulesReviewStatus|incomplete
            k8s.io.api.autoscaling.v1.ContainerResourceMetricSource|name,targetAverageUtilization,container
            k8s.io.api.autoscaling.v1.ContainerResourceMetricStatus|name,currentAverageUtilization,container
            k8s.io.api.autoscaling.v1.CrossVersionObjectReference|kind,name
            k8s.io.api.autoscaling.v1.ExternalMetricSource|metricName
            k8s.io.api.autoscaling.v1.ExternalMetricStatus|metricName
            k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerCondition|type,status,observedGeneration
            k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerSpec|minReplicas,maxReplicas,targetCPUUtilizationPercentage
            k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerStatus|observedGeneration,currentReplicas,desiredReplicas,currentCPUUtilizationPercentage
            k8s.io.api.autoscaling.v1.MetricSpec|type
            k8s.io.api.autoscaling.v1.MetricStatus|type
            k8s.io.api.autoscaling.v1.ObjectMetricSource|metricName
            k8s.io.api.autoscaling.v1.ObjectMetricStatus|metricName
            k8s.io.api.autoscaling.v1.PodsMetricSource|metricName
            k8s.io.api.autoscaling.v1.PodsMetricStatus|metricName
            k8s.io.api.autoscaling.v1.ResourceMetricSource|name,targetAverageUtilization
            k8s.io.api.autoscaling.v1.ResourceMetricStatus|name,currentAverageUtilization
            k8s.io.api.autoscaling.v1.ScaleStatus|replicas
            k8s.io.api.autoscaling.v2.ContainerResourceMetricSource|name,container
            k8s.io.api.autoscaling.v2.ContainerResourceMetricStatus|name,container
            k8s.io.api.autoscaling.v2.CrossVersionObjectReference|kind,name
            k8s.io.api.autoscaling.v2.HPAScalingPolicy|type,value,periodSeconds
            k8s.io.api.autoscaling.v2.HPAScalingRules|stabilizationWindowSeconds,selectPolicy
            k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerCondition|type,status,observedGeneration
            k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerSpec|minReplicas,maxReplicas
            k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerStatus|observedGeneration,desiredReplicas
            k8s.io.api.autoscaling.v2.MetricIdentifier|name
            k8s.io.api.autoscaling.v2.MetricSpec|type
            k8s.io.api.autoscaling.v2.MetricStatus|type
            k8s.io.api.autoscaling.v2.MetricTarget|type,averageUtilization
            k8s.io.api.autoscaling.v2.MetricValueStatus|averageUtilization
            k8s.io.api.autoscaling.v2.ResourceMetricSource|name
            k8s.io.api.autoscaling.v2.ResourceMetricStatus|name
            k8s.io.api.batch.v1.CronJobSpec|schedule,timeZone,startingDeadlineSeconds,suspend,successfulJobsHistoryLimit,failedJobsHistoryLimit
            k8s.io.api.batch.v1.JobCondition|type,status
            k8s.io.api.batch.v1.JobSpec|parallelism,completions,activeDeadlineSeconds,backoffLimit,backoffLimitPerIndex,maxFailedIndexes,manualSelector,ttlSecondsAfterFinished,completionMode,suspend,podReplacementPolicy,managedBy
            k8s.io.api.batch.v1.JobStatus|terminating,failedIndexes,ready
            k8s.io.api.batch.v1.PodFailurePolicyOnExitCodesRequirement|containerName,operator
            k8s.io.api.batch.v1.PodFailurePolicyOnPodConditionsPattern|type,status
            k8s.io.api.batch.v1.PodFailurePolicyRule|action
            k8s.io.api.batch.v1.SuccessPolicyRule|succeededIndexes,succeededCount
            k8s.io.api.batch.v1beta1.CronJobSpec|schedule,timeZone,startingDeadlineSeconds,suspend,successfulJobsHistoryLimit,failedJobsHistoryLimit
            k8s.io.api.certificates.v1.CertificateSigningRequestCondition|type,status
            k8s.io.api.certificates.v1.CertificateSigningRequestSpec|request,signerName,expirationSeconds
            k8s.io.api.certificates.v1beta1.CertificateSigningRequestCondition|type,status
            k8s.io.api.certificates.v1beta1.CertificateSigningRequestSpec|request,signerName,expirationSeconds
            k8s.io.api.certificates.v1beta1.ClusterTrustBundleSpec|trustBundle
            k8s.io.api.certificates.v1beta1.PodCertificateRequestSpec|signerName,podName,podUID,serviceAccountName,serviceAccountUID,nodeName,nodeUID,maxExpirationSeconds,pkixPublicKey,proofOfPossession
            k8s.io.api.coordination.v1.LeaseSpec|holderIdentity,leaseDurationSeconds,leaseTransitions,strategy,preferredHolder
            k8s.io.api.core.v1.AWSElasticBlockStoreVolumeSource|volumeID
            k8s.io.api.core.v1.AppArmorProfile|type,localhostProfile
            k8s.io.api.core.v1.AttachedVolume|name,devicePath
            k8s.io.api.core.v1.AzureDiskVolumeSource|diskName,diskURI,cachingMode,fsType,readOnly,kind
            k8s.io.api.core.v1.AzureFilePersistentVolumeSource|secretName,shareName,secretNamespace
            k8s.io.api.core.v1.AzureFileVolumeSource|secretName,shareName
            k8s.io.api.core.v1.CSIPersistentVolumeSource|driver,volumeHandle
            k8s.io.api.core.v1.CSIVolumeSource|driver,readOnly,fsType
            k8s.io.api.core.v1.CinderPersistentVolumeSource|volumeID
            k8s.io.api.core.v1.CinderVolumeSource|volumeID
            k8s.io.api.core.v1.ClientIPConfig|timeoutSeconds
            k8s.io.api.core.v1.ClusterTrustBundleProjection|name,signerName,optional,path
            k8s.io.api.core.v1.ComponentCondition|type,status
            k8s.io.api.core.v1.ConfigMap|immutable
            k8s.io.api.core.v1.ConfigMapEnvSource|optional|localObjectReference=
            k8s.io.api.core.v1.ConfigMapKeySelector|key,optional|localObjectReference=
            k8s.io.api.core.v1.ConfigMapNodeConfigSource|namespace,name,kubeletConfigKey
            k8s.io.api.core.v1.ConfigMapProjection|optional|localObjectReference=
            k8s.io.api.core.v1.ConfigMapVolumeSource|defaultMode,optional|localObjectReference=
            k8s.io.api.core.v1.Container|name,restartPolicy
            k8s.io.api.core.v1.ContainerExtendedResourceRequest|containerName,resourceName,requestName
            k8s.io.api.core.v1.ContainerPort|containerPort
            k8s.io.api.core.v1.ContainerResizePolicy|resourceName,restartPolicy
            k8s.io.api.core.v1.ContainerStateTerminated|exitCode
            k8s.io.api.core.v1.ContainerStatus|name,ready,restartCount,image,imageID,started,stopSignal
            k8s.io.api.core.v1.DaemonEndpoint|Port
            k8s.io.api.core.v1.DownwardAPIVolumeFile|path,mode
            k8s.io.api.core.v1.DownwardAPIVolumeSource|defaultMode
            k8s.io.api.core.v1.EndpointAddress|ip,nodeName
            k8s.io.api.core.v1.EndpointPort|port,appProtocol
            k8s.io.api.core.v1.EnvVar|name
            k8s.io.api.core.v1.EphemeralContainer||ephemeralContainerCommon=
            k8s.io.api.core.v1.EphemeralContainerCommon|name,restartPolicy
            k8s.io.api.core.v1.Event|reportingComponent,reportingInstance
            k8s.io.api.core.v1.FCVolumeSource|lun
            k8s.io.api.core.v1.FileKeySelector|volumeName,path,key,optional
            k8s.io.api.core.v1.FlexPersistentVolumeSource|driver
            k8s.io.api.core.v1.FlexVolumeSource|driver
            k8s.io.api.core.v1.GCEPersistentDiskVolumeSource|pdName
            k8s.io.api.core.v1.GRPCAction|port,service
            k8s.io.api.core.v1.GitRepoVolumeSource|repository
            k8s.io.api.core.v1.GlusterfsPersistentVolumeSource|endpoints,path,endpointsNamespace
            k8s.io.api.core.v1.GlusterfsVolumeSource|endpoints,path
            k8s.io.api.core.v1.HTTPHeader|name,value
            k8s.io.api.core.v1.HostAlias|ip
            k8s.io.api.core.v1.HostIP|ip
            k8s.io.api.core.v1.HostPathVolumeSource|path,type
            k8s.io.api.core.v1.ISCSIPersistentVolumeSource|targetPortal,iqn,lun,initiatorName
            k8s.io.api.core.v1.ISCSIVolumeSource|targetPortal,iqn,lun,initiatorName
            k8s.io.api.core.v1.KeyToPath|key,path,mode
            k8s.io.api.core.v1.Lifecycle|stopSignal
            k8s.io.api.core.v1.LimitRangeItem|type
            k8s.io.api.core.v1.LinuxContainerUser|uid,gid
            k8s.io.api.core.v1.LoadBalancerIngress|ipMode
            k8s.io.api.core.v1.LocalVolumeSource|path,fsType
            k8s.io.api.core.v1.ModifyVolumeStatus|status
            k8s.io.api.core.v1.NFSVolumeSource|server,path
            k8s.io.api.core.v1.NamespaceCondition|type,status
            k8s.io.api.core.v1.NodeAddress|type,address
            k8s.io.api.core.v1.NodeAllocatableResourceClaimStatus|resourceClaimName
            k8s.io.api.core.v1.NodeCondition|type,status
            k8s.io.api.core.v1.NodeFeatures|supplementalGroupsPolicy
            k8s.io.api.core.v1.NodeRuntimeHandler|name
            k8s.io.api.core.v1.NodeRuntimeHandlerFeatures|recursiveReadOnlyMounts,userNamespaces
            k8s.io.api.core.v1.NodeSelectorRequirement|key,operator
            k8s.io.api.core.v1.NodeSwapStatus|capacity
            k8s.io.api.core.v1.NodeSystemInfo|machineID,systemUUID,bootID,kernelVersion,osImage,containerRuntimeVersion,kubeletVersion,kubeProxyVersion,operatingSystem,architecture
            k8s.io.api.core.v1.ObjectFieldSelector|fieldPath
            k8s.io.api.core.v1.PersistentVolumeClaimCondition|type,status
            k8s.io.api.core.v1.PersistentVolumeClaimSpec|storageClassName,volumeMode,volumeAttributesClassName
            k8s.io.api.core.v1.PersistentVolumeClaimStatus|currentVolumeAttributesClassName
            k8s.io.api.core.v1.PersistentVolumeClaimVolumeSource|claimName
            k8s.io.api.core.v1.PersistentVolumeSpec|volumeMode,volumeAttributesClassName|persistentVolumeSource=
            k8s.io.api.core.v1.PhotonPersistentDiskVolumeSource|pdID
            k8s.io.api.core.v1.PodAffinityTerm|topologyKey
            k8s.io.api.core.v1.PodCertificateProjection|maxExpirationSeconds
            k8s.io.api.core.v1.PodCondition|type,status
            k8s.io.api.core.v1.PodDNSConfigOption|value
            k8s.io.api.core.v1.PodExtendedResourceClaimStatus|resourceClaimName
            k8s.io.api.core.v1.PodIP|ip
            k8s.io.api.core.v1.PodLogOptions|sinceSeconds,tailLines,limitBytes,stream
            k8s.io.api.core.v1.PodOS|name
            k8s.io.api.core.v1.PodReadinessGate|conditionType
            k8s.io.api.core.v1.PodResourceClaim|name,resourceClaimName,resourceClaimTemplateName
            k8s.io.api.core.v1.PodResourceClaimStatus|name,resourceClaimName
            k8s.io.api.core.v1.PodSchedulingGate|name
            k8s.io.api.core.v1.PodSchedulingGroup|podGroupName
            k8s.io.api.core.v1.PodSecurityContext|runAsUser,runAsGroup,runAsNonRoot,supplementalGroupsPolicy,fsGroup,fsGroupChangePolicy,seLinuxChangePolicy
            k8s.io.api.core.v1.PodSpec|terminationGracePeriodSeconds,activeDeadlineSeconds,automountServiceAccountToken,shareProcessNamespace,priority,runtimeClassName,enableServiceLinks,preemptionPolicy,setHostnameAsFQDN,hostUsers,hostnameOverride
            k8s.io.api.core.v1.PortStatus|port,protocol,error
            k8s.io.api.core.v1.PortworxVolumeSource|volumeID
            k8s.io.api.core.v1.Preconditions|uid
            k8s.io.api.core.v1.PreferredSchedulingTerm|weight
            k8s.io.api.core.v1.Probe|terminationGracePeriodSeconds|handler=
            k8s.io.api.core.v1.ProjectedVolumeSource|defaultMode
            k8s.io.api.core.v1.QuobyteVolumeSource|registry,volume
            k8s.io.api.core.v1.RBDPersistentVolumeSource|image
            k8s.io.api.core.v1.RBDVolumeSource|image
            k8s.io.api.core.v1.RangeAllocation|range,data
            k8s.io.api.core.v1.ReplicationControllerCondition|type,status
            k8s.io.api.core.v1.ReplicationControllerSpec|replicas
            k8s.io.api.core.v1.ReplicationControllerStatus|replicas
            k8s.io.api.core.v1.ResourceClaim|name
            k8s.io.api.core.v1.ResourceFieldSelector|resource
            k8s.io.api.core.v1.ResourceHealth|resourceID,message
            k8s.io.api.core.v1.ResourceStatus|name
            k8s.io.api.core.v1.ScaleIOPersistentVolumeSource|gateway,system
            k8s.io.api.core.v1.ScaleIOVolumeSource|gateway,system
            k8s.io.api.core.v1.ScopedResourceSelectorRequirement|scopeName,operator
            k8s.io.api.core.v1.SeccompProfile|type,localhostProfile
            k8s.io.api.core.v1.Secret|immutable
            k8s.io.api.core.v1.SecretEnvSource|optional|localObjectReference=
            k8s.io.api.core.v1.SecretKeySelector|key,optional|localObjectReference=
            k8s.io.api.core.v1.SecretProjection|optional|localObjectReference=
            k8s.io.api.core.v1.SecretVolumeSource|defaultMode,optional
            k8s.io.api.core.v1.SecurityContext|privileged,runAsUser,runAsGroup,runAsNonRoot,readOnlyRootFilesystem,allowPrivilegeEscalation,procMount
            k8s.io.api.core.v1.ServiceAccount|automountServiceAccountToken
            k8s.io.api.core.v1.ServiceAccountTokenProjection|expirationSeconds,path
            k8s.io.api.core.v1.ServicePort|appProtocol,port
            k8s.io.api.core.v1.ServiceSpec|ipFamilyPolicy,allocateLoadBalancerNodePorts,loadBalancerClass,internalTrafficPolicy,trafficDistribution
            k8s.io.api.core.v1.SleepAction|seconds
            k8s.io.api.core.v1.Sysctl|name,value
            k8s.io.api.core.v1.Taint|key,effect
            k8s.io.api.core.v1.Toleration|tolerationSeconds
            k8s.io.api.core.v1.TopologySelectorLabelRequirement|key
            k8s.io.api.core.v1.TopologySpreadConstraint|maxSkew,topologyKey,whenUnsatisfiable,minDomains,nodeAffinityPolicy,nodeTaintsPolicy
            k8s.io.api.core.v1.TypedLocalObjectReference|apiGroup,kind,name
            k8s.io.api.core.v1.TypedObjectReference|apiGroup,kind,name,namespace
            k8s.io.api.core.v1.Volume|name|volumeSource=
            k8s.io.api.core.v1.VolumeDevice|name,devicePath
            k8s.io.api.core.v1.VolumeMount|name,recursiveReadOnly,mountPath,mountPropagation
            k8s.io.api.core.v1.VolumeMountStatus|name,mountPath,recursiveReadOnly
            k8s.io.api.core.v1.VsphereVirtualDiskVolumeSource|volumePath
            k8s.io.api.core.v1.WeightedPodAffinityTerm|weight
            k8s.io.api.core.v1.WindowsSecurityContextOptions|gmsaCredentialSpecName,gmsaCredentialSpec,runAsUserName,hostProcess
            k8s.io.api.discovery.v1.Endpoint|hostname,nodeName,zone
            k8s.io.api.discovery.v1.EndpointConditions|ready,serving,terminating
            k8s.io.api.discovery.v1.EndpointPort|name,protocol,port,appProtocol
            k8s.io.api.discovery.v1.EndpointSlice|addressType
            k8s.io.api.discovery.v1.ForNode|name
            k8s.io.api.discovery.v1.ForZone|name
            k8s.io.api.events.v1.EventSeries|count
            k8s.io.api.extensions.v1beta1.DaemonSetCondition|type,status
            k8s.io.api.extensions.v1beta1.DaemonSetSpec|revisionHistoryLimit
            k8s.io.api.extensions.v1beta1.DaemonSetStatus|currentNumberScheduled,numberMisscheduled,desiredNumberScheduled,numberReady,collisionCount
            k8s.io.api.extensions.v1beta1.DeploymentCondition|type,status
            k8s.io.api.extensions.v1beta1.DeploymentRollback|name
            k8s.io.api.extensions.v1beta1.DeploymentSpec|replicas,revisionHistoryLimit,progressDeadlineSeconds
            k8s.io.api.extensions.v1beta1.DeploymentStatus|terminatingReplicas,collisionCount
            k8s.io.api.extensions.v1beta1.HTTPIngressPath|pathType
            k8s.io.api.extensions.v1beta1.IPBlock|cidr
            k8s.io.api.extensions.v1beta1.IngressPortStatus|port,protocol,error
            k8s.io.api.extensions.v1beta1.IngressRule||ingressRuleValue=
            k8s.io.api.extensions.v1beta1.IngressSpec|ingressClassName
            k8s.io.api.extensions.v1beta1.NetworkPolicyPort|protocol,endPort
            k8s.io.api.extensions.v1beta1.ReplicaSetCondition|type,status
            k8s.io.api.extensions.v1beta1.ReplicaSetSpec|replicas
            k8s.io.api.extensions.v1beta1.ReplicaSetStatus|replicas,terminatingReplicas
            k8s.io.api.extensions.v1beta1.ScaleStatus|replicas
            k8s.io.api.flowcontrol.v1.ExemptPriorityLevelConfiguration|nominalConcurrencyShares,lendablePercent
            k8s.io.api.flowcontrol.v1.FlowDistinguisherMethod|type
            k8s.io.api.flowcontrol.v1.FlowSchemaSpec|matchingPrecedence
            k8s.io.api.flowcontrol.v1.GroupSubject|name
            k8s.io.api.flowcontrol.v1.LimitResponse|type
            k8s.io.api.flowcontrol.v1.LimitedPriorityLevelConfiguration|nominalConcurrencyShares,lendablePercent,borrowingLimitPercent
            k8s.io.api.flowcontrol.v1.PriorityLevelConfigurationReference|name
            k8s.io.api.flowcontrol.v1.PriorityLevelConfigurationSpec|type
            k8s.io.api.flowcontrol.v1.QueuingConfiguration|queues,handSize,queueLengthLimit
            k8s.io.api.flowcontrol.v1.ServiceAccountSubject|namespace,name
            k8s.io.api.flowcontrol.v1.Subject|kind
            k8s.io.api.flowcontrol.v1.UserSubject|name
            k8s.io.api.imagepolicy.v1alpha1.ImageReviewStatus|allowed
            k8s.io.api.networking.v1.HTTPIngressPath|pathType
            k8s.io.api.networking.v1.IPBlock|cidr
            k8s.io.api.networking.v1.IngressClassParametersReference|aPIGroup,kind,name,scope,namespace|aPIGroup=apiGroup
            k8s.io.api.networking.v1.IngressPortStatus|port,protocol,error
            k8s.io.api.networking.v1.IngressRule||ingressRuleValue=
            k8s.io.api.networking.v1.IngressServiceBackend|name
            k8s.io.api.networking.v1.IngressSpec|ingressClassName
            k8s.io.api.networking.v1.NetworkPolicyPort|protocol,endPort
            k8s.io.api.node.v1.RuntimeClass|handler
            k8s.io.api.policy.v1.PodDisruptionBudgetSpec|unhealthyPodEvictionPolicy
            k8s.io.api.policy.v1.PodDisruptionBudgetStatus|disruptionsAllowed,currentHealthy,desiredHealthy,expectedPods
            k8s.io.api.policy.v1beta1.PodDisruptionBudgetSpec|unhealthyPodEvictionPolicy
            k8s.io.api.policy.v1beta1.PodDisruptionBudgetStatus|disruptionsAllowed,currentHealthy,desiredHealthy,expectedPods
            k8s.io.api.rbac.v1.RoleRef|apiGroup,kind,name
            k8s.io.api.rbac.v1.Subject|kind,name
            k8s.io.api.rbac.v1alpha1.RoleRef|apiGroup,kind,name
            k8s.io.api.rbac.v1alpha1.Subject|kind,name
            k8s.io.api.rbac.v1beta1.RoleRef|apiGroup,kind,name
            k8s.io.api.rbac.v1beta1.Subject|kind,name
            k8s.io.api.resource.v1.AllocatedDeviceStatus|driver,pool,device,shareID
            k8s.io.api.resource.v1.CELDeviceSelector|expression
            k8s.io.api.resource.v1.CounterSet|name
            k8s.io.api.resource.v1.Device|name,nodeName,allNodes,bindsToNode,allowMultipleAllocations
            k8s.io.api.resource.v1.DeviceAllocationConfiguration|source|deviceConfiguration=
            k8s.io.api.resource.v1.DeviceAttribute|int,bool,string,version
            k8s.io.api.resource.v1.DeviceClaimConfiguration||deviceConfiguration=
            k8s.io.api.resource.v1.DeviceClassConfiguration||deviceConfiguration=
            k8s.io.api.resource.v1.DeviceClassSpec|extendedResourceName
            k8s.io.api.resource.v1.DeviceConstraint|matchAttribute,distinctAttribute
            k8s.io.api.resource.v1.DeviceCounterConsumption|counterSet
            k8s.io.api.resource.v1.DeviceRequest|name
            k8s.io.api.resource.v1.DeviceRequestAllocationResult|request,driver,pool,device,adminAccess,shareID
            k8s.io.api.resource.v1.DeviceSubRequest|name,deviceClassName
            k8s.io.api.resource.v1.DeviceTaint|key,effect
            k8s.io.api.resource.v1.DeviceToleration|tolerationSeconds
            k8s.io.api.resource.v1.ExactDeviceRequest|deviceClassName,adminAccess
            k8s.io.api.resource.v1.OpaqueDeviceConfiguration|driver
            k8s.io.api.resource.v1.ResourceClaimConsumerReference|resource,name,uid
            k8s.io.api.resource.v1.ResourcePool|name,generation,resourceSliceCount
            k8s.io.api.resource.v1.ResourceSliceSpec|driver,nodeName,allNodes,perDeviceNodeSelection
            k8s.io.api.scheduling.v1.PriorityClass|value,preemptionPolicy
            k8s.io.api.storage.v1.CSIDriverSpec|attachRequired,podInfoOnMount,storageCapacity,fsGroupPolicy,requiresRepublish,seLinuxMount,nodeAllocatableUpdatePeriodSeconds,serviceAccountTokenInSecrets,preventPodSchedulingIfMissing
            k8s.io.api.storage.v1.CSINodeDriver|name,nodeID
            k8s.io.api.storage.v1.CSIStorageCapacity|storageClassName
            k8s.io.api.storage.v1.StorageClass|provisioner,reclaimPolicy,allowVolumeExpansion,volumeBindingMode
            k8s.io.api.storage.v1.TokenRequest|audience,expirationSeconds
            k8s.io.api.storage.v1.VolumeAttachmentSource|persistentVolumeName
            k8s.io.api.storage.v1.VolumeAttachmentSpec|attacher,nodeName
            k8s.io.api.storage.v1.VolumeAttachmentStatus|attached
            k8s.io.api.storage.v1.VolumeAttributesClass|driverName
            k8s.io.api.storage.v1.VolumeError|errorCode
            k8s.io.api.storage.v1.VolumeNodeResources|count
            k8s.io.api.storage.v1beta1.CSIDriverSpec|attachRequired,podInfoOnMount,storageCapacity,fsGroupPolicy,requiresRepublish,seLinuxMount,nodeAllocatableUpdatePeriodSeconds,serviceAccountTokenInSecrets
            k8s.io.api.storage.v1beta1.CSINodeDriver|name,nodeID
            k8s.io.api.storage.v1beta1.CSIStorageCapacity|storageClassName
            k8s.io.api.storage.v1beta1.StorageClass|provisioner,reclaimPolicy,allowVolumeExpansion,volumeBindingMode
            k8s.io.api.storage.v1beta1.TokenRequest|audience,expirationSeconds
            k8s.io.api.storage.v1beta1.VolumeAttachmentSource|persistentVolumeName
            k8s.io.api.storage.v1beta1.VolumeAttachmentSpec|attacher,nodeName
            k8s.io.api.storage.v1beta1.VolumeAttachmentStatus|attached
            k8s.io.api.storage.v1beta1.VolumeAttributesClass|driverName
            k8s.io.api.storage.v1beta1.VolumeError|errorCode
            k8s.io.api.storage.v1beta1.VolumeNodeResources|count
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.ConversionRequest|uid,desiredAPIVersion
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.ConversionResponse|uid
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceColumnDefinition|name,type,jsonPath
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceConversion|strategy
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionCondition|type,status
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames|plural,kind
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec|group,scope
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion|name,served,storage,deprecationWarning
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresourceScale|specReplicasPath,statusReplicasPath,labelSelectorPath
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps|ref,maximum,minimum,maxLength,minLength,maxItems,minItems,multipleOf,maxProperties,minProperties,xKubernetesPreserveUnknownFields,xKubernetesListType,xKubernetesMapType|schema=$schema,ref=$ref,xKubernetesPreserveUnknownFields=x-kubernetes-preserve-unknown-fields,xKubernetesEmbeddedResource=x-kubernetes-embedded-resource,xKubernetesIntOrString=x-kubernetes-int-or-string,xKubernetesListMapKeys=x-kubernetes-list-map-keys,xKubernetesListType=x-kubernetes-list-type,xKubernetesMapType=x-kubernetes-map-type,xKubernetesValidations=x-kubernetes-validations
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.SelectableField|jsonPath
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.ServiceReference|namespace,name,path,port
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.ValidationRule|rule,reason,optionalOldSelf
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.WebhookClientConfig|url
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.ConversionRequest|uid,desiredAPIVersion
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.ConversionResponse|uid
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceColumnDefinition|name,type,JSONPath
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceConversion|strategy
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionCondition|type,status
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionNames|plural,kind
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionSpec|group,scope,preserveUnknownFields
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionVersion|name,served,storage,deprecationWarning
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceSubresourceScale|specReplicasPath,statusReplicasPath,labelSelectorPath
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps|ref,maximum,minimum,maxLength,minLength,maxItems,minItems,multipleOf,maxProperties,minProperties,xKubernetesPreserveUnknownFields,xKubernetesListType,xKubernetesMapType|schema=$schema,ref=$ref,xKubernetesPreserveUnknownFields=x-kubernetes-preserve-unknown-fields,xKubernetesEmbeddedResource=x-kubernetes-embedded-resource,xKubernetesIntOrString=x-kubernetes-int-or-string,xKubernetesListMapKeys=x-kubernetes-list-map-keys,xKubernetesListType=x-kubernetes-list-type,xKubernetesMapType=x-kubernetes-map-type,xKubernetesValidations=x-kubernetes-validations
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.SelectableField|jsonPath
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.ServiceReference|namespace,name,path,port
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.ValidationRule|rule,reason,optionalOldSelf
            k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.WebhookClientConfig|url
            k8s.io.apimachinery.pkg.apis.meta.v1.APIGroup|name
            k8s.io.apimachinery.pkg.apis.meta.v1.APIResource|name,singularName,namespaced,kind
            k8s.io.apimachinery.pkg.apis.meta.v1.APIResourceList|groupVersion
            k8s.io.apimachinery.pkg.apis.meta.v1.ApplyOptions|force,fieldManager
            k8s.io.apimachinery.pkg.apis.meta.v1.Condition|type,status,reason,message
            k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions|gracePeriodSeconds,orphanDependents,propagationPolicy,ignoreStoreReadErrorWithClusterBreakingPotential
            k8s.io.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement|key,operator
            k8s.io.apimachinery.pkg.apis.meta.v1.GroupKind|group,kind
            k8s.io.apimachinery.pkg.apis.meta.v1.GroupResource|group,resource
            k8s.io.apimachinery.pkg.apis.meta.v1.GroupVersion|group,version
            k8s.io.apimachinery.pkg.apis.meta.v1.GroupVersionForDiscovery|groupVersion,version
            k8s.io.apimachinery.pkg.apis.meta.v1.GroupVersionKind|group,version,kind
            k8s.io.apimachinery.pkg.apis.meta.v1.GroupVersionResource|group,version,resource
            k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement|key,operator
            k8s.io.apimachinery.pkg.apis.meta.v1.ListMeta|remainingItemCount
            k8s.io.apimachinery.pkg.apis.meta.v1.ListOptions|timeoutSeconds,sendInitialEvents
            k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta|deletionGracePeriodSeconds
            k8s.io.apimachinery.pkg.apis.meta.v1.OwnerReference|apiVersion,kind,name,uid,controller,blockOwnerDeletion
            k8s.io.apimachinery.pkg.apis.meta.v1.PatchOptions|force
            k8s.io.apimachinery.pkg.apis.meta.v1.Preconditions|uid,resourceVersion
            k8s.io.apimachinery.pkg.apis.meta.v1.ServerAddressByClientCIDR|clientCIDR,serverAddress
            k8s.io.apimachinery.pkg.apis.meta.v1.ShardInfo|selector
            k8s.io.apimachinery.pkg.apis.meta.v1.Timestamp|seconds,nanos
            k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent|type
            k8s.io.apimachinery.pkg.runtime.Unknown||typeMeta=
            """;

    private record Facts(Set<String> showsZero, Map<String, String> renames) {
    }

    private static final Map<String, Facts> FACTS = parse();

    private ApiFieldFacts() {
    }

    /** Whether the zero value of this scalar field is shown in the API's JSON. */
    static boolean showsZero(String messageFullName, String protoField) {
        Facts facts = FACTS.get(messageFullName);
        return facts != null && facts.showsZero().contains(protoField);
    }

    /**
     * The JSON name of a field: the proto name unless the API spells it differently; the empty
     * string for an embedded struct whose fields are shown inline.
     */
    static String jsonName(String messageFullName, String protoField) {
        Facts facts = FACTS.get(messageFullName);
        if (facts == null) {
            return protoField;
        }
        return facts.renames().getOrDefault(protoField, protoField);
    }

    private static Map<String, Facts> parse() {
        Map<String, Facts> result = new HashMap<>();
        for (String line : TABLE.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\|", -1);
            Set<String> shown = parts[1].isEmpty() ? Set.of() : Set.of(parts[1].split(","));
            Map<String, String> renames = new HashMap<>();
            if (parts.length > 2) {
                for (String rename : parts[2].split(",")) {
                    int eq = rename.indexOf('=');
                    renames.put(rename.substring(0, eq), rename.substring(eq + 1));
                }
            }
            result.put(parts[0], new Facts(shown, Map.copyOf(renames)));
        }
        return Map.copyOf(result);
    }
}
